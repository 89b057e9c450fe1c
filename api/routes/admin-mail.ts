import { z } from 'zod';
import type { ZodApp } from '../zod-app.ts';

/** One message the development mail catcher accepted. */
export interface CaughtMailView {
  id: string;
  receivedAt: number;
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** The development mail catcher (fixtures/smtp) as the admin page sees it. */
export interface MailInbox {
  readonly url: string;
  list(): readonly CaughtMailView[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const linkify = (escaped: string) =>
  escaped.replace(/https?:\/\/[^\s<"]+/g, (url) => `<a href="${url}">${url}</a>`);

function renderPage(inbox: MailInbox | null): string {
  const items = inbox?.list() ?? [];
  const rows = items
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">${escapeHtml(new Date(m.receivedAt).toISOString())} · from ${escapeHtml(m.from)} · to ${escapeHtml(m.to)}</p>
<pre>${linkify(escapeHtml(m.text))}</pre></article>`,
    )
    .join('\n');
  const intro = inbox
    ? `Mail sent to the local catcher at ${escapeHtml(inbox.url)} (SMTP_URL is unset), newest first.`
    : 'SMTP_URL is set, so mail goes to that server and no catcher runs.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}.meta{color:#555;font-size:.9rem}pre{white-space:pre-wrap}</style>
</head><body><h1>Mail catcher</h1><p>${intro}</p>${rows || '<p>No mail yet.</p>'}</body></html>`;
}

export default async function adminMailRoutes(app: ZodApp) {
  app.get(
    '/admin/mail',
    {
      config: { access: 'admin', openOnLoopbackInDevelopment: true },
      schema: { tags: ['ops'], summary: 'Development mail catcher (HTML)', hide: true },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderPage(app.mailCatcher)),
  );

  app.get(
    '/admin/mail.json',
    {
      config: { access: 'admin', openOnLoopbackInDevelopment: true },
      schema: {
        tags: ['ops'],
        summary: 'Development mail catcher (JSON)',
        response: {
          200: z.object({
            enabled: z.boolean(),
            messages: z.array(
              z.object({
                id: z.string(),
                receivedAt: z.string(),
                messageId: z.string().nullable(),
                from: z.string(),
                to: z.string(),
                subject: z.string(),
                text: z.string(),
                html: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      enabled: app.mailCatcher !== null,
      messages: (app.mailCatcher?.list() ?? []).map((m) => ({
        id: m.id,
        receivedAt: new Date(m.receivedAt).toISOString(),
        messageId: m.messageId,
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
      })),
    }),
  );
}
