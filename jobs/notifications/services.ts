import type { Config } from '../../config/config.ts';
import type { JobServices } from '../job-context.ts';
import { createMailer, type Mailer } from './email-sender.ts';
import { createSmsSender, type SmsSender } from './sms-sender.ts';

declare module '../job-context.ts' {
  interface JobServices {
    /** Outgoing email (SMTP_URL, or the development catcher). */
    mailer?: Mailer;
    /** Outgoing SMS (Twilio Messages); null when no Twilio account is configured. */
    sms?: SmsSender | null;
  }
}

/** The notification services for a worker: SMTP at `smtpUrl` (SMTP_URL or the catcher) and Twilio. */
export function createNotificationServices(
  config: Pick<Config, 'email' | 'twilio'>,
  smtpUrl: string,
): Required<Pick<JobServices, 'mailer' | 'sms'>> {
  return {
    mailer: createMailer({ smtpUrl, from: config.email.from, pool: true }),
    sms: createSmsSender(config),
  };
}
