import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 5322 Message-ID, derived from the notification id so a resend is recognisably the same mail. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string }>;
  close(): void;
}

/** An SMTP failure; `permanent` (5xx) means retrying cannot help. */
export class EmailSendError extends Error {
  readonly permanent: boolean;
  readonly responseCode: number | null;
  constructor(message: string, responseCode: number | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmailSendError';
    this.responseCode = responseCode;
    this.permanent = responseCode !== null && responseCode >= 500 && responseCode < 600;
  }
}

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  /** Connection, greeting and socket timeout; a server that stops answering fails the attempt. */
  timeoutMs?: number;
  /** Keep connections open between messages (throughput); off by default for one-shot scripts. */
  pool?: boolean;
}

/** nodemailer over SMTP_URL (smtp://user:pass@host:port, or smtps:// for implicit TLS). */
export function createMailer(options: MailerOptions): Mailer {
  const url = new URL(options.smtpUrl);
  const timeout = options.timeoutMs ?? 30_000;
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ...(url.username && {
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    }),
    // A loopback catcher offers no TLS; elsewhere STARTTLS is used whenever the server offers it.
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.pool && { pool: true, maxConnections: 5, maxMessages: 1000 }),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
        });
        return { providerMessageId: `${info.messageId} ${String(info.response ?? '')}`.trim().slice(0, 500) };
      } catch (error) {
        const e = error as Error & { responseCode?: number; code?: string };
        throw new EmailSendError(
          `SMTP ${e.responseCode ?? e.code ?? 'error'}: ${e.message}`,
          typeof e.responseCode === 'number' ? e.responseCode : null,
          { cause: error },
        );
      }
    },
    close: () => transport.close(),
  };
}
