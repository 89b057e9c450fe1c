import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type PayPalGateway, paypalFromConfig } from '../../../integrations/paypal-client.ts';
import type { MailInbox } from '../../routes/admin-mail.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** PayPal (or its emulator); null when neither credentials nor an emulator are available. */
    paypal: PayPalGateway | null;
    /** The development mail catcher, when SMTP_URL is unset; null otherwise. */
    mailCatcher: MailInbox | null;
  }
}

export interface PurchaseServices {
  paypal?: PayPalGateway | null | undefined;
  mailCatcher?: MailInbox | null | undefined;
}

/**
 * Shares the purchase flow's outside services with routes. The composition root passes them in
 * (the emulator in development); otherwise the PayPal client is built from config (tests do this).
 */
async function purchaseServices(app: FastifyInstance, services: PurchaseServices) {
  app.decorate('paypal', services.paypal ?? paypalFromConfig(app.config));
  app.decorate('mailCatcher', services.mailCatcher ?? null);
}

export default fp(purchaseServices, { name: 'purchase-services', dependencies: ['db'] });
