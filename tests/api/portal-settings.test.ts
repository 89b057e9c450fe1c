import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBusinessProfile } from '../../domain/business/profile.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let owner: { id: string; cookie: string };

const businessInfo = {
  name: 'Acme Plumbing',
  industry: 'plumbing',
  phone: '+14155550100',
  services: [{ name: 'Leak repair', durationMin: 60, priceCents: 12000 }],
  hours: { mon: [{ open: '09:00', close: '17:00' }] },
  timeZone: 'America/Chicago',
};

beforeAll(async () => {
  t = await buildTestApp();
  const c = await t.createCustomer();
  owner = { id: c.id, cookie: await t.sessionCookie(c.id) };
  await t.db.pool.query(sql.unsafe`
    UPDATE onboarding_states SET business_info = ${sql.jsonb(businessInfo)},
      caller_responses = ${sql.jsonb({ greeting: 'Hello, Acme!', instructions: 'Be kind.' })},
      phone_config = ${sql.jsonb({
        businessPhone: '+14155550100',
        twilioNumber: '+14155550199',
        smsEnabled: true,
        carrier: 'att',
        forwarding: { unconditional: '*21*', busy: '*67*', noAnswer: '*61*', disable: '#21#' },
      })}
    WHERE customer_id = ${c.id}`);
  // A stale portal override must not shadow what the settings page saves.
  await t.db.pool.query(sql.unsafe`
    UPDATE customers SET settings = '{"callerResponses":{"greeting":"old override"}}'::jsonb WHERE id = ${c.id}`);
});
afterAll(async () => {
  await t?.close();
});

const getSettings = async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/portal/${owner.id}/settings`,
    headers: { cookie: owner.cookie },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const update = (payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: `/api/portal/${owner.id}/settings/update`,
    headers: { cookie: owner.cookie },
    payload: payload as object,
  });

describe('portal settings', () => {
  it('reads onboarding answers, default notification choices and forwarding', async () => {
    const s = await getSettings();
    expect(s.businessInfo.name).toBe('Acme Plumbing');
    expect(s.callerResponses.greeting).toBe('Hello, Acme!');
    expect(s.notifications).toEqual({
      email: { newAppointment: true, callSummary: true, messageTaken: true, errors: true },
      sms: { newAppointment: true, messageTaken: true },
    });
    expect(s.forwarding).toMatchObject({ twilioNumber: '+14155550199', carrier: 'att' });
  });

  it('saves a partial update in one go and reads it back (round trip)', async () => {
    const res = await update({
      businessInfo: { name: 'Acme Plumbing & Heating', phone: '(415) 555-0111' },
      callerResponses: { greeting: 'Thanks for calling Acme!' },
      notifications: { sms: { messageTaken: false } },
    });
    expect(res.statusCode).toBe(200);
    const after = await getSettings();
    expect(res.json()).toEqual(after);
    expect(after.businessInfo).toMatchObject({
      name: 'Acme Plumbing & Heating',
      phone: '+14155550111',
      industry: 'plumbing',
    });
    expect(after.callerResponses).toEqual({ greeting: 'Thanks for calling Acme!', instructions: 'Be kind.' });
    expect(after.notifications.sms).toEqual({ newAppointment: true, messageTaken: false });
    expect(after.notifications.email.callSummary).toBe(true);
    const row = (await t.db.pool.one(
      sql.unsafe`SELECT business_name, settings FROM customers WHERE id = ${owner.id}`,
    )) as Record<string, unknown>;
    expect(row.business_name).toBe('Acme Plumbing & Heating');
    expect(row.settings).toEqual({ notifications: after.notifications });
    // What the receptionist loads at the start of the next call (the stale override is gone).
    const profile = await loadBusinessProfile(t.db.pool, owner.id);
    expect(profile).toMatchObject({
      businessName: 'Acme Plumbing & Heating',
      greeting: 'Thanks for calling Acme!',
      ownerPhone: '+14155550111',
    });
  });

  it('refuses invalid settings with the field named and changes nothing, not even the valid parts', async () => {
    const before = await getSettings();
    const cases: [unknown, string][] = [
      [
        { businessInfo: { timeZone: 'Mars/Olympus' }, notifications: { email: { errors: false } } },
        'businessInfo.timeZone',
      ],
      [{ businessInfo: { hours: { mon: [{ open: '18:00', close: '09:00' }] } } }, 'businessInfo.hours'],
      [{ businessInfo: { phone: 'not a phone' } }, 'businessInfo.phone'],
      [{ callerResponses: { greeting: '' } }, 'callerResponses.greeting'],
      [{ notifications: { email: { errors: 'yes' } } }, 'notifications.email.errors'],
      [{ notifications: { fax: { errors: true } } }, 'notifications'],
      [{ surprise: 1 }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const res = await update(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().error), JSON.stringify(payload)).toContain(field);
    }
    expect(await getSettings()).toEqual(before);
  });

  it('answers 404 to another customer', async () => {
    const other = await t.createCustomer();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${owner.id}/settings/update`,
      headers: { cookie: await t.sessionCookie(other.id) },
      payload: { callerResponses: { greeting: 'hijacked' } },
    });
    expect(res.statusCode).toBe(404);
    expect((await getSettings()).callerResponses.greeting).not.toBe('hijacked');
  });
});
