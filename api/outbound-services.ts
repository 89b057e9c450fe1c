import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { PayPalFake } from '../fixtures/paypal/paypal-fake.ts';
import { SmtpCatcher } from '../fixtures/smtp/smtp-catcher.ts';
import { createPayPalClient, type PayPalGateway, paypalFromConfig } from '../integrations/paypal-client.ts';
import type { JobServices } from '../jobs/job-context.ts';
import { createNotificationServices } from '../jobs/notifications/services.ts';
import type { MailInbox } from './routes/admin-mail.ts';

export interface OutboundServices {
  paypal: PayPalGateway | null;
  mailCatcher: MailInbox | null;
  jobServices: JobServices;
  close(): Promise<void>;
}

/**
 * PayPal and mail for this process. Without PayPal credentials (never in production) the PayPal
 * emulator from fixtures/ runs on a loopback port; without SMTP_URL a local SMTP catcher keeps
 * sent mail visible at /admin/mail. Both are logged, so nobody mistakes them for the real thing.
 */
export async function startOutboundServices(config: Config, logger: Logger): Promise<OutboundServices> {
  const closers: (() => Promise<unknown> | unknown)[] = [];
  let paypal = paypalFromConfig(config);
  if (!paypal && config.env !== 'production') {
    const emulator = await PayPalFake.start();
    closers.push(() => emulator.close());
    paypal = createPayPalClient({
      clientId: 'emulator-client',
      clientSecret: 'emulator-secret',
      environment: 'sandbox',
      apiBase: emulator.url,
      mode: 'emulator',
    });
    logger.info('PayPal: emulator at %s (no PayPal credentials; no money moves)', emulator.url);
  } else if (!paypal) {
    logger.warn('PayPal: no credentials configured; purchases are unavailable');
  }

  let mailCatcher: SmtpCatcher | null = null;
  let smtpUrl = config.email.smtpUrl;
  if (!smtpUrl) {
    mailCatcher = await SmtpCatcher.start();
    closers.push(() => mailCatcher!.close());
    smtpUrl = mailCatcher.url;
    logger.info('Mail: SMTP_URL unset; local mail catcher at %s (read it at /admin/mail)', smtpUrl);
  }
  const jobServices = createNotificationServices(config, smtpUrl);
  closers.push(() => jobServices.mailer.close());

  return {
    paypal,
    mailCatcher,
    jobServices,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
