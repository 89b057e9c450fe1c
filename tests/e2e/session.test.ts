import type { Browser } from 'playwright-core';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BROWSER_SETUP_MS, BROWSER_TEST_MS, type Harness, startHarness } from './harness.ts';
import { seedOnboarded } from './seed.ts';

describe('portal: sessions', { timeout: BROWSER_TEST_MS }, () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startHarness({ workers: false });
    browser = await h.launchBrowser();
  }, BROWSER_SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, BROWSER_SETUP_MS);

  const expireSessions = (customerId: string) =>
    h.pool.query(
      sql.unsafe`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE customer_id = ${customerId}`,
    );

  it('an expired session returns to sign-in and the login link lands on the page the owner wanted', async () => {
    const customer = await h.createCustomer();
    await seedOnboarded(h.pool, customer.id, { live: true });
    const context = await browser.newContext();
    await h.signIn(context, customer.id);
    await expireSessions(customer.id);
    const page = await context.newPage();

    await page.goto(`${h.baseUrl}/app/calls?outcome=missed`);
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/app/calls?outcome=missed');
    await page.getByText('Please sign in to continue').waitFor();
    await h.screenshot(page, 'signin-expired');

    await page.getByLabel('Email address').fill(customer.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('a sign-in link is on its way').waitFor();
    // The link the email carries (the outbox row the mail job renders).
    const link = await h.pool.oneFirst(sql.type(z.object({ url: z.string() }))`
      SELECT payload->>'url' AS url FROM notifications
      WHERE customer_id = ${customer.id} AND template = 'login_link'`);
    expect(new URL(link).searchParams.get('next')).toBe('/app/calls?outcome=missed');

    await page.goto(link);
    await page.waitForURL((url) => url.pathname === '/app/calls');
    expect(new URL(page.url()).searchParams.get('outcome')).toBe('missed');
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    expect(await page.getByLabel('Outcome').inputValue()).toBe('missed');
    await context.close();
  });

  it('a session that expires while a page is open sends the next save to sign-in, keeping the page', async () => {
    const customer = await h.createCustomer();
    await seedOnboarded(h.pool, customer.id, { live: true });
    const context = await browser.newContext();
    await h.signIn(context, customer.id);
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/app/settings`);
    await page.getByRole('button', { name: 'Save notifications' }).waitFor();
    await expireSessions(customer.id);
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/app/settings');
    await context.close();
  });

  it('signing out ends the session on the server too', async () => {
    const customer = await h.createCustomer();
    await seedOnboarded(h.pool, customer.id, { live: true });
    const context = await browser.newContext();
    await h.signIn(context, customer.id);
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/app`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\?signedOut=1/);
    await page.getByText('You are signed out.').waitFor();
    const active = await h.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM sessions WHERE customer_id = ${customer.id} AND revoked_at IS NULL`);
    expect(active).toBe(0);
    await context.close();
  });
});
