import type { Browser, Page } from 'playwright-core';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seriousA11yViolations } from './a11y.ts';
import { BROWSER_SETUP_MS, BROWSER_TEST_MS, type Harness, startHarness } from './harness.ts';
import { seedCall } from './seed.ts';

const EMAIL = 'maria@harbour-hair.test';

async function expectAccessible(page: Page) {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/**
 * The whole owner journey in one browser session, as a new customer lives it: buy a plan →
 * seven onboarding steps → go live → dashboard → a call's transcript → settings that persist →
 * sign out.
 */
describe('portal: the owner journey from purchase to a live receptionist', {
  timeout: BROWSER_TEST_MS,
}, () => {
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

  it('buys, onboards through every step, goes live, reads a call and changes a setting', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();

    // Purchase through the emulator.
    await page.goto(`${h.baseUrl}/?plan=starter`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Business name').fill('Harbour Hair');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('button', { name: 'Pay with PayPal (emulator)' }).click();
    await page.waitForURL(/\/onboarding/);

    // Step 1: a missing service name is reported next to its field, then fixed.
    await page.getByRole('heading', { name: 'Your business' }).waitFor();
    await page.getByLabel('Business name').fill('Harbour Hair');
    await page.getByLabel('Industry').fill('Hair salon');
    await page.getByLabel('Business phone').fill('(415) 555-0123');
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByLabel('Length (minutes)').fill('45');
    await page.getByLabel('Price (optional)').fill('55');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByText('Service 1 name is required').waitFor();
    expect(await page.getByLabel('Service 1 name').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await h.screenshot(page, 'onboarding-1-validation');

    await page.getByLabel('Service 1 name').fill('Haircut');
    await page.getByLabel('Upload a document').setInputFiles({
      name: 'price-list.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Haircut 55 dollars. Colour from 90 dollars. Closed on public holidays.\n'),
    });
    await page.getByRole('list', { name: 'Uploaded documents' }).getByText('price-list.txt').waitFor();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Step 2: the receptionist's number and the forwarding codes.
    await page.getByRole('heading', { name: 'Phone number' }).waitFor();
    expect(await page.getByLabel('Your business phone number').inputValue()).toBe('+14155550123');
    await page.getByRole('button', { name: 'Get my receptionist number' }).click();
    await page.getByRole('heading', { name: "Your receptionist's number" }).waitFor();
    expect(await page.locator('.big-number').textContent()).toMatch(/^\+1555010\d{4}$/);
    await page.getByText('Stop forwarding').waitFor();
    await expectAccessible(page);
    await h.screenshot(page, 'onboarding-2-phone');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 3: greeting (pre-filled with the business name) and instructions.
    await page.getByRole('heading', { name: 'What to say' }).waitFor();
    expect(await page.getByLabel('Greeting').inputValue()).toContain('Harbour Hair');
    await page.getByLabel('Instructions for your receptionist').fill('Offer the earliest free slot first.');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Step 4: built-in calendar. Step 5: skip the demo.
    await page.getByRole('heading', { name: 'Calendar' }).waitFor();
    await expectAccessible(page);
    await h.screenshot(page, 'onboarding-4-calendar');
    await page.getByRole('button', { name: 'Use the built-in calendar' }).click();
    await page.getByRole('heading', { name: 'Try it' }).waitFor();
    await page.getByRole('button', { name: 'Skip the demo' }).click();

    // Step 6: review shows what was entered; step 7: go live.
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByText('Haircut (45 min, $55.00)').waitFor();
    await page.getByText('Connected to the built-in calendar').waitFor();
    await expectAccessible(page);
    await h.screenshot(page, 'onboarding-6-review');
    await page.getByRole('button', { name: 'Everything looks right' }).click();
    await page.getByRole('heading', { name: 'Go live' }).waitFor();
    await page.getByRole('button', { name: 'Go live' }).click();
    await page.getByText('Your receptionist is live.').waitFor();
    expect(
      await page.getByRole('progressbar', { name: 'Setup progress' }).getAttribute('aria-valuenow'),
    ).toBe('100');
    await h.screenshot(page, 'onboarding-7-live');

    // A call arrives (the voice pipeline's output, written directly).
    const customerId = await h.pool.oneFirst(
      sql.type(z.object({ id: z.string() }))`SELECT id FROM customers WHERE email = ${EMAIL}`,
    );
    await seedCall(h.pool, customerId, {
      // Started just now, so "today" holds in the business's time zone at any hour of the run.
      minutesAgo: 0,
      fromNumber: '+14155550177',
      turns: [
        {
          user: 'Hi, can I get a haircut tomorrow at ten?',
          ai: 'Tomorrow at 10 am is free. May I have your name?',
        },
        { user: 'Jamie Rivera.', ai: 'Thanks Jamie, your haircut is booked for tomorrow at 10 am.' },
      ],
      booked: { service: 'Haircut', callerName: 'Jamie Rivera', startsAt: new Date(Date.now() + 86_400_000) },
    });

    // Dashboard.
    await page.getByRole('link', { name: 'Go to my dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Your receptionist is live and answering calls.').waitFor();
    const callsToday = page.locator('.stat').filter({ hasText: 'Calls today' }).locator('dd');
    expect(await callsToday.textContent()).toBe('1');
    await page
      .getByRole('img', { name: /Calls over the last 30 days: 1 call, 1 with an appointment booked/ })
      .waitFor();

    // Calls list → the call page with its transcript, audio and booking.
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    await page.getByRole('link', { name: /\+14155550177/ }).click();
    await page.getByRole('heading', { name: 'Call from +14155550177' }).waitFor();
    await page.getByText('Hi, can I get a haircut tomorrow at ten?').waitFor();
    await page.getByText('Thanks Jamie, your haircut is booked for tomorrow at 10 am.').waitFor();
    await page.getByRole('heading', { name: 'Appointment booked' }).waitFor();
    expect(await page.locator('audio').count()).toBe(4);
    const audio = await page.evaluate(
      async (src) => {
        const response = await fetch(src);
        return {
          type: response.headers.get('content-type'),
          riff: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 4)),
        };
      },
      (await page.locator('audio').first().getAttribute('src'))!,
    );
    expect(audio).toEqual({ type: 'audio/wav', riff: 'RIFF' });
    await page.getByText(/reply after 640 ms/).waitFor();

    // Settings: an invalid greeting is refused with its message; a valid one persists.
    await page.getByRole('link', { name: 'Settings' }).click();
    const greeting = page.getByRole('textbox', { name: 'Greeting', exact: true });
    await greeting.waitFor();
    await greeting.fill('');
    await page.getByRole('button', { name: 'Save greeting and instructions' }).click();
    await page.getByText('Greeting is required').waitFor();
    await greeting.fill('Harbour Hair, this is the front desk. How can I help?');
    await page.getByRole('button', { name: 'Save greeting and instructions' }).click();
    await page.getByText('✓ Saved').waitFor();
    await page.getByLabel('A summary after each call').uncheck();
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.getByText('✓ Saved').first().waitFor();
    await page.reload();
    await greeting.waitFor();
    expect(await greeting.inputValue()).toBe('Harbour Hair, this is the front desk. How can I help?');
    expect(await page.getByLabel('A summary after each call').isChecked()).toBe(false);

    // Sign out: the private pages now send the owner to sign in, keeping where they were going.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\?signedOut=1/);
    await page.goto(`${h.baseUrl}/app/settings`);
    await page.waitForURL(/\/signin\?next=%2Fapp%2Fsettings/);
    await context.close();
  });
});
