import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Property 7 (customer data isolation), over every route the app registers: a route added later is
 * covered without touching this file. Routes must declare an access rule; `customer` routes must
 * answer another customer's session with 404 and no session with 401; `admin` routes need the token.
 */
let t: TestApp;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createCustomer();
  const b = await t.createCustomer();
  alice = { id: a.id, cookie: await t.sessionCookie(a.id) };
  bob = { id: b.id, cookie: await t.sessionCookie(b.id) };
});
afterAll(async () => {
  await t.close();
});

const methodsOf = (method: string) => method.split(',').filter((m) => m !== 'HEAD' && m !== 'OPTIONS');

function fillPath(url: string, customerId: string): string {
  return url
    .replace(':customerId', customerId)
    .replace(/:[A-Za-z]+/g, () => randomUUID())
    .replace(/\*$/, 'x');
}

describe('Property 7: no route serves one customer data to another', () => {
  it('every registered route declares who may call it', () => {
    const routes = t.app.registeredRoutes();
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => !r.access)).toEqual([]);
  });

  it('every customer route answers 404 to another customer and 401 to nobody', async () => {
    const customerRoutes = t.app.registeredRoutes().filter((r) => r.access === 'customer');
    for (const route of customerRoutes) {
      expect(route.url, `${route.url} must be scoped by :customerId`).toContain(':customerId');
      for (const method of methodsOf(route.method)) {
        const url = fillPath(route.url, alice.id);
        const asBob = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { cookie: bob.cookie },
          payload: {},
        });
        expect(asBob.statusCode, `${method} ${route.url} as another customer`).toBe(404);
        expect(JSON.stringify(asBob.json())).not.toContain(alice.id);
        const anonymous = await t.app.inject({ method: method as 'GET', url, payload: {} });
        expect(anonymous.statusCode, `${method} ${route.url} without a session`).toBe(401);
      }
    }
  });

  it('every session and admin route refuses callers without credentials', async () => {
    const guarded = t.app.registeredRoutes().filter((r) => r.access === 'session' || r.access === 'admin');
    expect(guarded.length).toBeGreaterThan(0);
    for (const route of guarded) {
      for (const method of methodsOf(route.method)) {
        const res = await t.app.inject({
          method: method as 'GET',
          url: fillPath(route.url, alice.id),
          payload: {},
        });
        expect(res.statusCode, `${method} ${route.url}`).toBe(401);
      }
      if (route.access === 'admin') {
        for (const method of methodsOf(route.method)) {
          const res = await t.app.inject({
            method: method as 'GET',
            url: fillPath(route.url, alice.id),
            headers: { cookie: alice.cookie },
          });
          expect(res.statusCode, `${method} ${route.url} with a customer session`).toBe(401);
        }
      }
    }
  });

  it('any customer id other than the session’s own is indistinguishable from a missing one', async () => {
    const customerRoutes = t.app.registeredRoutes().filter((r) => r.access === 'customer');
    if (customerRoutes.length === 0) return;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...customerRoutes),
        fc.oneof(fc.uuid(), fc.constant(bob.id), fc.string({ minLength: 1, maxLength: 40 })),
        async (route, otherId) => {
          fc.pre(
            otherId !== alice.id &&
              !otherId.includes('/') &&
              !otherId.includes('?') &&
              !otherId.includes('#'),
          );
          const method = methodsOf(route.method)[0] as 'GET';
          const url = fillPath(route.url, encodeURIComponent(otherId));
          const res = await t.app.inject({ method, url, headers: { cookie: alice.cookie }, payload: {} });
          expect(res.statusCode).toBe(404);
        },
      ),
      { numRuns: 60 },
    );
  });
});
