import type { Browser, Page } from 'playwright-core';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seriousA11yViolations } from './a11y.ts';
import { BROWSER_SETUP_MS, BROWSER_TEST_MS, type Harness, startHarness } from './harness.ts';

const customersWith = (email: string) =>
  sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM customers WHERE email = ${email}`;

/** Presses Tab until the focused element's text is `text` (at most `max` presses). */
async function tabTo(page: Page, text: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return;
  }
  throw new Error(`no focusable element "${text}" within ${max} tabs`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('portal: pricing and checkout through the PayPal emulator', { timeout: BROWSER_TEST_MS }, () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startHarness();
    browser = await h.launchBrowser();
  }, BROWSER_SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, BROWSER_SETUP_MS);

  it('shows the plans, is accessible, and a declined payment can be retried into onboarding', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { name: 'Pro' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: '$99.00' }).count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await h.screenshot(page, 'landing');

    await page.getByRole('button', { name: 'Choose Pro' }).click();
    await page.getByRole('heading', { name: 'Checkout: Pro plan' }).waitFor();
    expect(new URL(page.url()).searchParams.get('plan')).toBe('pro');

    // Invalid email: the server's message appears next to the field.
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByLabel('Business name').fill('Bright Smile Dental');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByText('Email address must be an email address').waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email address').fill('owner@bright-smile.test');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('button', { name: 'Pay with PayPal (emulator)' }).waitFor();
    await h.screenshot(page, 'checkout');

    h.paypal.declineNextCapture(1);
    await page.getByRole('button', { name: 'Pay with PayPal (emulator)' }).click();
    await page.getByText('PayPal declined the payment').waitFor();
    await h.screenshot(page, 'checkout-declined');
    expect(await h.pool.oneFirst(customersWith('owner@bright-smile.test'))).toBe(0);

    await page.getByRole('button', { name: 'Retry payment' }).click();
    await page.getByRole('button', { name: 'Pay with PayPal (emulator)' }).click();
    await page.waitForURL(/\/onboarding/);
    await page.getByRole('heading', { name: 'Your business' }).waitFor();
    // Signed in as the new customer: the wizard starts at step 1 with nothing done yet.
    await page.getByText('Step 1 of 7').waitFor();
    expect(
      await page.getByRole('progressbar', { name: 'Setup progress' }).getAttribute('aria-valuenow'),
    ).toBe('0');
    expect(await h.pool.oneFirst(customersWith('owner@bright-smile.test'))).toBe(1);

    const welcome = await h.mail.waitFor((m) => m.to.includes('owner@bright-smile.test'));
    expect(welcome.text).toContain('/api/auth/callback');
    await context.close();
  });

  it('a plan can be chosen, the form filled and paid without a mouse', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { name: 'Starter' }).waitFor();
    await tabTo(page, 'Choose Starter');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('checkout-title');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('checkout-email');
    await page.keyboard.type('keys@example.test');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('checkout-business');
    await page.keyboard.type('Keyboard Cafe');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Pay with PayPal (emulator)');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/onboarding/);
    await context.close();
  });
});

/** PayPal's SDK stand-in: one button that runs the same createOrder → onApprove the real one does. */
const FAKE_PAYPAL_SDK = `window.paypal = { Buttons(options) { return { render(el) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'PayPal';
  button.onclick = async () => { const orderID = await options.createOrder(); await options.onApprove({ orderID }); };
  el.append(button);
  return Promise.resolve();
} }; } };`;

describe('portal: checkout with PayPal configured', { timeout: BROWSER_TEST_MS }, () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startHarness({ paypalMode: 'paypal', workers: false });
    browser = await h.launchBrowser();
  }, BROWSER_SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, BROWSER_SETUP_MS);

  it("loads PayPal's SDK with our client id and captures what its buttons approve", async () => {
    // Real CSP applies: it must let PayPal's script in.
    const context = await browser.newContext();
    const page = await context.newPage();
    const sdkRequests: string[] = [];
    await page.route('https://www.paypal.com/sdk/js**', (route) => {
      sdkRequests.push(route.request().url());
      return route.fulfill({ contentType: 'application/javascript', body: FAKE_PAYPAL_SDK });
    });
    await page.goto(`${h.baseUrl}/?plan=business`);
    await page.getByLabel('Email address').fill('owner@paypal-mode.test');
    await page.getByLabel('Business name').fill('Mode Clinic');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('button', { name: 'PayPal', exact: true }).click();
    await page.waitForURL(/\/onboarding/);
    expect(sdkRequests).toHaveLength(1);
    const sdk = new URL(sdkRequests[0]!);
    expect(sdk.searchParams.get('client-id')).toBe('test-client-id');
    expect(sdk.searchParams.get('currency')).toBe('USD');
    expect(await page.getByRole('button', { name: 'Pay with PayPal (emulator)' }).count()).toBe(0);
    await context.close();
  });
});
