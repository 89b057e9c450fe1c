import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { TEST_ADMIN_TOKEN } from '../helpers/test-config.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('platform HTTP surface', () => {
  it('answers liveness and readiness against real PostgreSQL and Redis', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', postgres: { ok: true }, redis: { ok: true } });
  });

  it('answers unknown routes with the one error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'Route GET /api/nope not found' } });
  });

  it('rejects malformed JSON and schema violations with a 400 naming the field', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login-link',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login-link',
      payload: { email: 'nope' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'invalid_request' });
    expect(invalid.json().error.details[0].field).toBe('body.email');
  });

  it('publishes OpenAPI with the documented routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/health', '/ready', '/api/auth/login-link']));
    expect((await t.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });

  it('exposes Prometheus metrics including HTTP latency', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{.*route="\/health"/);
  });

  it('guards the queue dashboard with ADMIN_TOKEN', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: `Basic ${Buffer.from(`ops:${TEST_ADMIN_TOKEN}`).toString('base64')}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('<html');
  });

  it('carries a request id through and sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
