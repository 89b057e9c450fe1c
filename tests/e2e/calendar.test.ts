import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleFake } from '../../fixtures/google/google-fake.ts';
import { BROWSER_SETUP_MS, BROWSER_TEST_MS, type Harness, startHarness } from './harness.ts';
import { seedOnboarded } from './seed.ts';

/** Step 4 in the browser against the Google OAuth fake: consent granted, and consent refused. */
describe('portal: connecting a calendar in onboarding', { timeout: BROWSER_TEST_MS }, () => {
  let google: GoogleFake;
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    google = await GoogleFake.start({ clientId: 'g-client' });
    h = await startHarness({
      workers: false,
      env: {
        GOOGLE_CLIENT_ID: 'g-client',
        GOOGLE_CLIENT_SECRET: 'g-secret',
        GOOGLE_OAUTH_BASE: google.url,
        GOOGLE_API_ROOT: google.url,
      },
    });
    browser = await h.launchBrowser();
  }, BROWSER_SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await google?.close();
  }, BROWSER_SETUP_MS);

  async function ownerAtStep4() {
    const owner = await h.createCustomer();
    await seedOnboarded(h.pool, owner.id, { throughStep: 3 });
    const context = await browser.newContext();
    await h.signIn(context, owner.id);
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/onboarding`);
    await page.getByRole('heading', { name: 'Calendar' }).waitFor();
    await page.getByText('Calendar: Not connected').waitFor();
    return { page, context };
  }

  it('Google consent comes back to step 4 showing the calendar connected', async () => {
    google.consent = 'grant';
    const { page, context } = await ownerAtStep4();
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await page.waitForURL(/\/onboarding\?step=4&calendar=connected/);
    await page.getByText('Connected to Google Calendar').waitFor();
    await h.screenshot(page, 'onboarding-4-google-connected');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Try it' }).waitFor();
    await context.close();
  });

  it('a refused consent says so, and the owner can skip and carry on', async () => {
    google.consent = 'deny';
    const { page, context } = await ownerAtStep4();
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await page.waitForURL(/calendar=failed/);
    await page.getByText('We could not connect your calendar.').waitFor();
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('heading', { name: 'Try it' }).waitFor();
    await page.goto(`${h.baseUrl}/onboarding?step=4`);
    await page.getByText('Calendar: Not connected (skipped for now)').waitFor();
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await context.close();
  });

  it('a provider the server has no credentials for is explained in plain words', async () => {
    const { page, context } = await ownerAtStep4();
    await page.getByRole('button', { name: 'Connect Outlook Calendar' }).click();
    await page.getByText('Outlook is not set up on this server; use the built-in calendar or skip').waitFor();
    expect(await page.getByText('provider:').count()).toBe(0);
    await context.close();
  });
});
