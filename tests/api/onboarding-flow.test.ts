import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeServer } from '../../fixtures/fake-server/fake-server.ts';
import { GoogleFake } from '../../fixtures/google/google-fake.ts';
import { registerTwilioNumbers, type TwilioNumbersState } from '../../fixtures/twilio/rest-numbers.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** An owner walks the whole wizard through the HTTP API alone (Twilio and Google are fakes). */
let t: TestApp;
let google: GoogleFake;
let twilioServer: FakeServer;
let twilio: TwilioNumbersState;

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;

beforeAll(async () => {
  google = await GoogleFake.start({ clientId: 'g-client' });
  twilioServer = await FakeServer.start('twilio');
  twilio = registerTwilioNumbers(twilioServer, { authToken: 'twilio-token' });
  t = await buildTestApp({
    env: {
      GOOGLE_CLIENT_ID: 'g-client',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      GOOGLE_OAUTH_BASE: google.url,
      GOOGLE_API_ROOT: google.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_API_BASE: twilioServer.url,
    },
  });
});
afterAll(async () => {
  await t?.close();
  await google?.close();
  await twilioServer?.close();
});

const BUSINESS_INFO = {
  name: 'Harbor Dental',
  industry: 'Health care',
  profession: 'Dentist',
  phone: '(415) 555-0100',
  services: [
    { name: 'Cleaning', durationMin: 30, priceCents: 9000 },
    { name: 'Consultation', durationMin: 45, priceCents: null },
  ],
  hours: {
    mon: [{ open: '09:00', close: '17:00' }],
    tue: [
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '17:00' },
    ],
    fri: [{ open: '09:00', close: '15:00' }],
  },
  timeZone: 'America/Los_Angeles',
  address: '1 Harbor Way, San Francisco',
};

async function owner() {
  const customer = await t.createCustomer();
  const cookie = await t.sessionCookie(customer.id);
  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/onboarding/${customer.id}${path}`,
      headers: { cookie },
      payload: payload as never,
    });
  return { id: customer.id, email: customer.email, cookie, call };
}

/** Follows the consent URL on the fake (which redirects back) and delivers the callback to the app. */
async function consent(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  return t.app.inject({ method: 'GET', url: back.pathname + back.search });
}

const notifications = (customerId: string) =>
  t.db.pool.any(sql.type(
    z.object({
      template: z.string(),
      idempotency_key: z.string(),
      payload: z.record(z.string(), z.unknown()),
    }),
  )`
    SELECT template, idempotency_key, payload FROM notifications WHERE customer_id = ${customerId} ORDER BY created_at`);

describe('an owner completes all seven steps through the API alone', () => {
  it('walks business info → phone → caller responses → Google → demo skip → review → go live', async () => {
    const o = await owner();
    const initial = (await o.call('GET', '')).json();
    expect(initial).toMatchObject({
      currentStep: 1,
      progress: 0,
      completedSteps: [],
      businessInfo: null,
      live: false,
    });
    expect(initial.calendarIntegration).toEqual({ provider: null, status: 'not_connected' });
    // The name typed at checkout starts step 1 filled in; afterwards step 1's own name wins.
    expect(initial.businessName).toMatch(/^Business \d+$/);
    const progress: number[] = [0];

    const step1 = await o.call('POST', '/business-info', BUSINESS_INFO);
    expect(step1.statusCode).toBe(200);
    expect(step1.json().businessInfo.phone).toBe('+14155550100');
    expect(step1.json().businessName).toBe(BUSINESS_INFO.name);
    expect(step1.json()).toMatchObject({ currentStep: 2, completedSteps: [1] });
    progress.push(step1.json().progress);

    const step2 = await o.call('POST', '/phone-config', {
      businessPhone: '+1 415 555 0100',
      smsEnabled: true,
      carrier: 'verizon',
    });
    expect(step2.statusCode).toBe(200);
    const phone = step2.json().phoneConfig;
    expect(phone.twilioNumber).toBe('+14155550142'); // a local number in the owner's area code
    expect(phone.forwarding).toEqual({
      unconditional: '*724155550142',
      busy: '*714155550142',
      noAnswer: '*714155550142',
      disable: '*73',
    });
    expect(twilio.purchased).toHaveLength(1);
    expect(twilio.purchased[0]!.voiceUrl).toBe('http://receptionist.test/twilio/voice');
    progress.push(step2.json().progress);

    // Re-saving step 2 keeps the same number (no second purchase) and re-points its webhook.
    const again = await o.call('POST', '/phone-config', { businessPhone: '+14155550100', smsEnabled: false });
    expect(again.json().phoneConfig.twilioNumber).toBe('+14155550142');
    expect(again.json().phoneConfig).toMatchObject({ carrier: 'verizon', smsEnabled: false });
    const generic = await o.call('POST', '/phone-config', {
      businessPhone: '+14155550100',
      smsEnabled: true,
      carrier: 'generic',
    });
    expect(generic.json().phoneConfig.forwarding.unconditional).toBe('**21*+14155550142#');
    expect(twilio.purchased).toHaveLength(1);
    expect(twilioServer.requestsTo('POST', /IncomingPhoneNumbers\/PN/).length).toBe(2);

    const step3 = await o.call('POST', '/caller-responses', {
      greeting: 'Thanks for calling Harbor Dental, how can I help?',
      instructions: 'Book cleanings; take a message for anything clinical.',
      neverPromise: 'Prices for fillings',
    });
    expect(step3.statusCode).toBe(200);
    progress.push(step3.json().progress);

    const oauth = await o.call('POST', '/calendar/oauth', { provider: 'google' });
    expect(oauth.statusCode).toBe(200);
    const callback = await consent(oauth.json().url);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/onboarding?step=4&calendar=connected');
    const step4 = (await o.call('GET', '')).json();
    expect(step4.calendarIntegration).toEqual({
      provider: 'google',
      status: 'connected',
      accountEmail: 'owner@gmail.test',
    });
    progress.push(step4.progress);

    const step5 = await o.call('POST', '/demo/skip');
    expect(step5.json().completedSteps).toEqual([1, 2, 3, 4, 5]);
    expect(step5.json().demoCompleted).toBe(false);
    progress.push(step5.json().progress);

    const step6 = await o.call('POST', '/review');
    expect(step6.statusCode).toBe(200);
    expect(step6.json().review.missing).toEqual([]);
    progress.push(step6.json().progress);

    const live = await o.call('POST', '/complete');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({
      live: true,
      progress: 100,
      currentStep: 7,
      completedSteps: [1, 2, 3, 4, 5, 6, 7],
    });
    progress.push(live.json().progress);
    expect(progress).toEqual([0, 14, 28, 42, 56, 70, 84, 100]);

    const state = await t.db.pool.one(sql.type(
      z.object({ receptionist_live: z.boolean(), status: z.string(), number_status: z.string() }),
    )`
      SELECT c.receptionist_live, c.status, p.status AS number_status
      FROM customers c JOIN phone_numbers p ON p.customer_id = c.id WHERE c.id = ${o.id}`);
    expect(state).toEqual({ receptionist_live: true, status: 'active', number_status: 'active' });

    const sent = await notifications(o.id);
    expect(sent.filter((n) => n.template === 'onboarding_step_completed').map((n) => n.payload.step)).toEqual(
      [1, 2, 3, 4, 5, 6],
    );
    expect(sent.find((n) => n.payload.step === 1)!.payload).toEqual({
      businessName: 'Harbor Dental',
      step: 1,
      stepName: 'Business information',
      progress: 14,
    });
    expect(sent.filter((n) => n.template === 'go_live')).toHaveLength(1);
    const queued = await t.queues.queue('notifications').getJobCounts();
    expect(Object.values(queued).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);
  });
});

describe('phone provisioning failure', () => {
  it('a Twilio failure answers 502 and saves nothing, and the next try buys one number', async () => {
    const o = await owner();
    twilioServer.faults.failNext(
      1,
      500,
      { code: 20500, message: 'Internal Server Error', status: 500 },
      /IncomingPhoneNumbers\.json$/,
    );
    const failed = await o.call('POST', '/phone-config', {
      businessPhone: '+12025550100',
      smsEnabled: false,
    });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error.code).toBe('provisioning_failed');
    const after = (await o.call('GET', '')).json();
    expect(after.phoneConfig).toBeNull();
    expect(after.completedSteps).toEqual([]);
    const retried = await o.call('POST', '/phone-config', {
      businessPhone: '+12025550100',
      smsEnabled: false,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().phoneConfig.twilioNumber).toMatch(/^\+1202555/);
  });
});

describe('validation names the field and the reason', () => {
  it('rejects a bad phone, time zone and hours with field paths', async () => {
    const o = await owner();
    const badPhone = await o.call('POST', '/business-info', { ...BUSINESS_INFO, phone: '12' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.message).toMatch(/^body\.phone: must be a valid phone number/);
    const badZone = await o.call('POST', '/business-info', { ...BUSINESS_INFO, timeZone: 'Mars/Olympus' });
    expect(badZone.json().error.details).toContainEqual({
      field: 'body.timeZone',
      message: expect.stringMatching(/IANA/),
    });
    const badHours = await o.call('POST', '/business-info', {
      ...BUSINESS_INFO,
      hours: { mon: [{ open: '17:00', close: '09:00' }] },
    });
    expect(badHours.json().error.details).toContainEqual({
      field: 'body.hours.mon.0.close',
      message: 'must be after the opening time',
    });
    const state = (await o.call('GET', '')).json();
    expect(state.businessInfo).toBeNull();
    expect(state.progress).toBe(0);
  });

  it('refuses the review and go-live until the required steps are done, saying which', async () => {
    const o = await owner();
    await o.call('POST', '/business-info', BUSINESS_INFO);
    const review = await o.call('POST', '/review');
    expect(review.statusCode).toBe(400);
    expect(review.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'phoneConfig',
      'callerResponses',
      'calendarIntegration',
    ]);
    const live = await o.call('POST', '/complete');
    expect(live.statusCode).toBe(400);
    expect(live.json().error.details.map((d: { field: string }) => d.field)).toContain('review');
    expect((await o.call('GET', '')).json().live).toBe(false);
  });
});

describe('calendar OAuth failure lets the owner skip', () => {
  it('a refused consent redirects with calendar=failed, changes nothing, and skip completes step 4', async () => {
    const o = await owner();
    await o.call('POST', '/business-info', BUSINESS_INFO);
    google.consent = 'deny';
    try {
      const { url } = (await o.call('POST', '/calendar/oauth', { provider: 'google' })).json();
      const callback = await consent(url);
      expect(callback.headers.location).toBe('/onboarding?step=4&calendar=failed');
    } finally {
      google.consent = 'grant';
    }
    const after = (await o.call('GET', '')).json();
    expect(after.calendarIntegration.status).toBe('not_connected');
    expect(after.completedSteps).toEqual([1]);
    const skipped = (await o.call('POST', '/calendar/skip')).json();
    expect(skipped.calendarIntegration).toEqual({ provider: null, status: 'skipped' });
    expect(skipped.completedSteps).toEqual([1, 4]);
    expect(skipped.progress).toBe(56);
  });

  it('the state is single-use and bound to one provider; a forged state fails', async () => {
    const o = await owner();
    const { url } = (await o.call('POST', '/calendar/oauth', { provider: 'google' })).json();
    const res = await fetch(url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    const asOutlook = await t.app.inject({ method: 'GET', url: `/api/oauth/outlook/callback${back.search}` });
    expect(asOutlook.headers.location).toBe('/onboarding?step=4&calendar=failed');
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/oauth/google/callback?code=x&state=forged',
    });
    expect(forged.headers.location).toBe('/onboarding?step=4&calendar=failed');
    expect((await o.call('GET', '')).json().calendarIntegration.status).toBe('not_connected');
  });

  it('an unconfigured provider is refused with the field named, and the built-in calendar works', async () => {
    const o = await owner();
    const outlook = await o.call('POST', '/calendar/oauth', { provider: 'outlook' });
    expect(outlook.statusCode).toBe(400);
    expect(outlook.json().error.details).toEqual([
      { field: 'provider', message: expect.stringMatching(/Outlook is not set up/) },
    ]);
    const builtin = (await o.call('POST', '/calendar/builtin')).json();
    expect(builtin.calendarIntegration).toEqual({ provider: 'builtin', status: 'connected' });
    expect(builtin.completedSteps).toEqual([4]);
  });
});

describe('API documentation', () => {
  it('the OpenAPI document describes the onboarding routes and their bodies', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(paths['/api/onboarding/{customerId}/business-info']?.post?.requestBody).toBeDefined();
    expect(Object.keys(paths).filter((p) => p.startsWith('/api/onboarding')).length).toBeGreaterThanOrEqual(
      10,
    );
    expect(paths['/api/oauth/{provider}/callback']).toBeDefined();
  });
});

describe('onboarding actions feed the analytics funnel', () => {
  it('records completed steps and failed attempts, visible in the analytics dashboard', async () => {
    const o = await owner();
    const bad = await o.call('POST', '/business-info', { ...BUSINESS_INFO, phone: '12' });
    expect(bad.statusCode).toBe(400);
    expect((await o.call('POST', '/business-info', BUSINESS_INFO)).statusCode).toBe(200);
    // Saving step 1 again is an edit: a second completion event, still one owner in the funnel.
    expect((await o.call('POST', '/business-info', BUSINESS_INFO)).statusCode).toBe(200);
    const dashboard = await t.app.inject({
      method: 'GET',
      url: `/api/analytics/${o.id}/dashboard`,
      headers: { cookie: o.cookie },
    });
    expect(dashboard.statusCode).toBe(200);
    const step1 = dashboard.json().funnel.find((s: { step: number }) => s.step === 1);
    expect(step1).toMatchObject({ reached: 1, completed: 2, errors: 1 });
    const step2 = dashboard.json().funnel.find((s: { step: number }) => s.step === 2);
    expect(step2).toMatchObject({ reached: 0, completed: 0 });
  });
});
