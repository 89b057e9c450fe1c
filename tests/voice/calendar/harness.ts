import { sql } from 'slonik';
import type { Config } from '../../../config/config.ts';
import { createCustomer } from '../../../db/customers.ts';
import { type CalendarModule, createCalendarService } from '../../../domain/calendar/service.ts';
import { completeStep } from '../../../domain/onboarding/complete-step.ts';
import { GoogleFake } from '../../../fixtures/google/google-fake.ts';
import { MicrosoftFake } from '../../../fixtures/microsoft/microsoft-fake.ts';
import { BusinessInfo } from '../../../lib/business-schemas.ts';
import { outboxRows } from '../../helpers/outbox-rows.ts';
import { testConfig } from '../../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

export const ZONE = 'America/Chicago';
/** "Now" for these tests: the week before the ranges they query. */
export const NOW = new Date('2026-12-01T12:00:00Z');

export const businessInfo = BusinessInfo.parse({
  name: 'Harbor Dental',
  industry: 'Health',
  profession: 'Dentist',
  phone: '+14155550100',
  services: [{ name: 'Cleaning', durationMin: 30, priceCents: 9000 }],
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '17:00' }]]),
  ),
  timeZone: ZONE,
  address: '1 Harbor Way',
});

export interface CalendarHarness {
  db: TestDatabase;
  config: Config;
  google: GoogleFake;
  microsoft: MicrosoftFake;
  calendar: CalendarModule;
  newCustomer(): Promise<string>;
  /** Runs the provider's consent → code → token exchange and stores the connection. */
  connect(customerId: string, provider: 'google' | 'outlook'): Promise<void>;
  connection(
    customerId: string,
  ): Promise<{ status: string; token_expires_at: number | null; access_token_enc: Buffer | null }>;
  close(): Promise<void>;
}

export async function startCalendarHarness(): Promise<CalendarHarness> {
  const db = await createTestDatabase({ poolSize: 12 });
  const google = await GoogleFake.start({ clientId: 'google-client' });
  const microsoft = await MicrosoftFake.start();
  const config = testConfig(db.url, {
    GOOGLE_CLIENT_ID: 'google-client',
    GOOGLE_CLIENT_SECRET: 'google-secret',
    GOOGLE_OAUTH_BASE: google.url,
    GOOGLE_API_ROOT: google.url,
    MS_CLIENT_ID: 'ms-client',
    MS_CLIENT_SECRET: 'ms-secret',
    MS_LOGIN_BASE: microsoft.url,
    GRAPH_BASE_URL: microsoft.url,
  });
  const calendar = createCalendarService({ pool: db.pool, config, now: () => NOW });
  let counter = 0;
  return {
    db,
    config,
    google,
    microsoft,
    calendar,
    newCustomer: async () => {
      counter += 1;
      const customer = await db.pool.transaction((tx) =>
        createCustomer(tx, {
          email: `cal${counter}@example.test`,
          businessName: 'Harbor',
          plan: 'pro',
          status: 'active',
        }),
      );
      await db.pool.transaction((tx) => completeStep(tx, outboxRows(tx), customer.id, 1, { businessInfo }));
      return customer.id;
    },
    connect: async (customerId, provider) => {
      const consent = await fetch(calendar.consentUrl(provider, 'state-x'), { redirect: 'manual' });
      const location = new URL(consent.headers.get('location')!);
      const account = await calendar.exchangeCode(provider, location.searchParams.get('code')!);
      await calendar.connect(db.pool, customerId, provider, account);
    },
    connection: async (customerId) =>
      db.pool.one(sql.unsafe`
        SELECT status, token_expires_at, access_token_enc FROM calendar_connections WHERE customer_id = ${customerId}`) as never,
    close: async () => {
      await google.close();
      await microsoft.close();
      await db.drop();
    },
  };
}
