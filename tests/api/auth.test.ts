import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLoginLink, hashToken } from '../../db/sessions.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const count = (table: 'login_links' | 'notifications') =>
  t.db.pool.oneFirst(
    sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM ${sql.identifier([table])}`,
  );

describe('sign-in by single-use login link', () => {
  it('answers the same whether or not the email exists, and mails a link only to real accounts', async () => {
    const customer = await t.createCustomer({ email: 'Owner@Clinic.test' });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login-link',
      payload: { email: 'nobody@clinic.test' },
    });
    expect(unknown.statusCode).toBe(202);
    expect(await count('login_links')).toBe(0);

    const known = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login-link',
      payload: { email: 'owner@clinic.test', next: '/app/calls' },
    });
    expect(known.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    const mail = await t.db.pool.one(
      sql.type(
        z.object({ recipient: z.string(), template: z.string(), payload: z.object({ url: z.string() }) }),
      )`SELECT recipient, template, payload FROM notifications WHERE customer_id = ${customer.id}`,
    );
    expect(mail.template).toBe('login_link');
    expect(mail.recipient).toBe('Owner@Clinic.test');
    expect(mail.payload.url).toMatch(
      /^http:\/\/receptionist\.test\/api\/auth\/callback\?token=.+&next=%2Fapp%2Fcalls$/,
    );
  });

  it('signs in once per link, sets an httpOnly SameSite=Lax cookie, and refuses reuse', async () => {
    const customer = await t.createCustomer();
    const token = await createLoginLink(t.db.pool, customer.id);
    const first = await t.app.inject({
      method: 'GET',
      url: `/api/auth/callback?token=${token}&next=/app/settings`,
    });
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('/app/settings');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/ar_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(session.json()).toEqual({ customerId: customer.id });

    const again = await t.app.inject({ method: 'GET', url: `/api/auth/callback?token=${token}` });
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/signin?expired=1');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('refuses expired links and open redirects', async () => {
    const customer = await t.createCustomer();
    const token = await createLoginLink(t.db.pool, customer.id);
    await t.db.pool.query(sql.unsafe`
      UPDATE login_links SET expires_at = now() - interval '1 second' WHERE token_hash = ${hashToken(token)}`);
    const expired = await t.app.inject({ method: 'GET', url: `/api/auth/callback?token=${token}` });
    expect(expired.headers.location).toBe('/signin?expired=1');

    const fresh = await createLoginLink(t.db.pool, customer.id);
    const evil = await t.app.inject({
      method: 'GET',
      url: `/api/auth/callback?token=${fresh}&next=//evil.test`,
    });
    expect(evil.statusCode).toBe(400);
  });

  it('logs out by revoking the session server-side', async () => {
    const customer = await t.createCustomer();
    const cookie = await t.sessionCookie(customer.id);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
    ).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('rejects a tampered session cookie', async () => {
    const customer = await t.createCustomer();
    const cookie = await t.sessionCookie(customer.id);
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: tampered },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('rate-limits login-link requests per client', async () => {
    let last = 0;
    for (let i = 0; i < 7; i++) {
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login-link',
          payload: { email: `x${i}@y.test` },
        })
      ).statusCode;
    }
    expect(last).toBe(429);
  });
});
