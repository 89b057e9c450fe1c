/** Shared pieces of every email: escaping, the HTML frame, and a plain-text twin. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface EmailBlock {
  /** A paragraph of plain text. */
  p?: string;
  /** A call-to-action link. */
  button?: { label: string; url: string };
  /** Label/value rows (e.g. appointment details). */
  rows?: [string, string][];
  /** Preformatted text kept as written (a transcript summary, a customer's message). */
  quote?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function email(subject: string, heading: string, blocks: EmailBlock[]): RenderedEmail {
  const html: string[] = [];
  const text: string[] = [heading, ''];
  for (const b of blocks) {
    if (b.p) {
      html.push(`<p>${escapeHtml(b.p)}</p>`);
      text.push(b.p, '');
    }
    if (b.rows) {
      html.push(
        `<table role="presentation">${b.rows
          .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
          .join('')}</table>`,
      );
      text.push(...b.rows.map(([k, v]) => `${k}: ${v}`), '');
    }
    if (b.quote) {
      html.push(`<blockquote style="white-space:pre-wrap">${escapeHtml(b.quote)}</blockquote>`);
      text.push(...b.quote.split('\n').map((l) => `> ${l}`), '');
    }
    if (b.button) {
      html.push(
        `<p><a href="${escapeHtml(b.button.url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(b.button.label)}</a></p>`,
      );
      text.push(`${b.button.label}: ${b.button.url}`, '');
    }
  }
  text.push('-- ', 'AI Receptionist');
  return {
    subject,
    text: text.join('\n'),
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,Segoe UI,Arial,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${escapeHtml(heading)}</h1>
${html.join('\n')}
<p style="color:#666;font-size:12px">AI Receptionist</p></body></html>`,
  };
}

/** A timestamp (ms or ISO string) in the business's time zone, for people to read. */
export function formatWhen(value: unknown, timeZone = 'UTC'): string {
  const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  try {
    return date.toLocaleString('en-US', { timeZone, dateStyle: 'full', timeStyle: 'short' });
  } catch {
    return date.toISOString();
  }
}
