import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './a11y.ts';
import { BROWSER_SETUP_MS, BROWSER_TEST_MS, type Harness, startHarness } from './harness.ts';
import { seedCall, seedOnboarded } from './seed.ts';

const PHONE = { width: 390, height: 844 };

async function checkPage(h: Harness, page: Page, name: string) {
  expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({
    page: name,
    violations: [],
  });
  await h.screenshot(page, name);
}

async function noSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('portal pages: accessible, filled with data, and usable on a phone', {
  timeout: BROWSER_TEST_MS,
}, () => {
  let h: Harness;
  let browser: Browser;
  let live: BrowserContext;
  let onboarding: BrowserContext;
  let callId: string;

  beforeAll(async () => {
    h = await startHarness({ workers: false });
    browser = await h.launchBrowser();
    const owner = await h.createCustomer({ businessName: 'Seaside Dental' });
    await seedOnboarded(h.pool, owner.id, { live: true });
    // 28 answered calls (one mentions a refund) and 3 missed: more than one page of 25.
    for (let i = 0; i < 28; i++) {
      const id = await seedCall(h.pool, owner.id, {
        minutesAgo: 60 * 24 * (i % 20) + i,
        turns: [
          {
            user: i === 7 ? 'I would like a refund for my last visit.' : 'Can I book a cleaning?',
            ai: 'Of course.',
          },
          { user: 'Thanks.', ai: 'Goodbye!' },
        ],
        ...(i % 4 === 0 && {
          booked: {
            service: 'Cleaning',
            callerName: `Caller ${i}`,
            startsAt: new Date(Date.now() + (i + 1) * 3_600_000),
          },
        }),
      });
      if (i === 0) callId = id;
    }
    for (let i = 0; i < 3; i++)
      await seedCall(h.pool, owner.id, { outcome: 'missed', minutesAgo: 30 + i, turns: [] });
    live = await browser.newContext();
    await h.signIn(live, owner.id);

    const newcomer = await h.createCustomer({ businessName: 'New Plumbing' });
    await seedOnboarded(h.pool, newcomer.id, { throughStep: 6 });
    onboarding = await browser.newContext();
    await h.signIn(onboarding, newcomer.id);
  }, BROWSER_SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, BROWSER_SETUP_MS);

  it('dashboard, calls, a call, settings, billing, help and analytics pass axe and show their data', async () => {
    const page = await live.newPage();
    await page.goto(`${h.baseUrl}/app`);
    await page.getByText('Your receptionist is live and answering calls.').waitFor();
    await page.getByRole('heading', { name: 'Busiest hours' }).waitFor();
    await checkPage(h, page, 'dashboard');

    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    const items = page.locator('.call-item');
    await items.nth(24).waitFor();
    expect(await items.count()).toBe(25);
    await checkPage(h, page, 'calls');
    await page.getByRole('button', { name: 'Load more calls' }).click();
    await items.nth(30).waitFor();
    expect(await items.count()).toBe(31);
    expect(await page.getByRole('button', { name: 'Load more calls' }).count()).toBe(0);

    await page.getByLabel('Outcome').selectOption('missed');
    await page.getByRole('button', { name: 'Show calls' }).click();
    await page.waitForURL(/outcome=missed/);
    await page.locator('.call-item').first().waitFor();
    await expect.poll(() => items.count()).toBe(3);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.getByLabel('Search transcripts').fill('refund');
    await page.getByRole('button', { name: 'Show calls' }).click();
    await page.waitForURL(/q=refund/);
    await expect.poll(() => items.count()).toBe(1);
    await page.getByLabel('Search transcripts').fill('zebra');
    await page.getByRole('button', { name: 'Show calls' }).click();
    await page.getByText('No calls match these filters.').waitFor();

    await page.goto(`${h.baseUrl}/app/calls/${callId}`);
    await page.getByRole('heading', { name: 'Transcript' }).waitFor();
    await page.getByRole('heading', { name: 'Appointment booked' }).waitFor();
    await checkPage(h, page, 'call');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Business, services and hours' }).waitFor();
    expect(await page.getByLabel('Service 2 name').inputValue()).toBe('Check-up');
    await page.getByText('*72 5550100042').waitFor();
    await checkPage(h, page, 'settings');
    // A field error in the business section is shown next to its field, with focus on it.
    await page.getByLabel('Service 2 name').fill('');
    await page.getByRole('button', { name: 'Save business details' }).click();
    await page.getByText('Service 2 name is required').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('settings-business-service-1-name');

    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('heading', { name: 'Your plan' }).waitFor();
    await page.getByText('No payments yet.').waitFor();
    await checkPage(h, page, 'billing');

    await page.getByRole('link', { name: 'Help' }).click();
    await page.getByText('You have not contacted support yet.').waitFor();
    await page.getByLabel('Subject').fill('Forwarding on my landline');
    await page.getByLabel('How can we help?').fill('Which code do I dial on a Panasonic landline?');
    await page.getByRole('button', { name: 'Send to support' }).click();
    await page.getByRole('list').filter({ hasText: 'Forwarding on my landline' }).waitFor();
    await checkPage(h, page, 'help');

    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics' }).first().waitFor();
    await checkPage(h, page, 'analytics');

    await page.goto(`${h.baseUrl}/app/nothing-here`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.close();
  });

  it('every onboarding step passes axe and deep links open that step', async () => {
    const page = await onboarding.newPage();
    for (let step = 1; step <= 7; step++) {
      await page.goto(`${h.baseUrl}/onboarding?step=${step}`);
      await page.getByText(`Step ${step} of 7`).waitFor();
      await page.locator('#step-title').waitFor();
      await checkPage(h, page, `onboarding-step-${step}`);
    }
    await page.close();
  });

  it('documents: a refused file is explained, an accepted one is listed and can be deleted', async () => {
    const page = await onboarding.newPage();
    await page.goto(`${h.baseUrl}/onboarding?step=3`);
    const upload = page.getByLabel('Upload a document');
    await upload.setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('\x89PNG\r\n\x1a\n0000'),
    });
    await page
      .getByRole('alert')
      .filter({ hasText: 'logo.png is not a PDF, Word (DOCX) or UTF-8 text file' })
      .waitFor();
    await upload.setInputFiles({
      name: 'faq.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('We do not take walk-ins.\n'),
    });
    const files = page.getByRole('list', { name: 'Uploaded documents' });
    await files.getByText('faq.txt').waitFor();
    await page.getByRole('button', { name: 'Delete faq.txt' }).click();
    await page.getByText('No documents yet.').waitFor();
    await page.close();
  });

  it('on a phone-sized screen the dashboard and onboarding fit without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.addCookies(await live.cookies());
    const page = await phone.newPage();
    await page.goto(`${h.baseUrl}/app`);
    await page.getByRole('heading', { name: 'Busiest hours' }).waitFor();
    expect(await noSideways(page)).toBe(true);
    await checkPage(h, page, 'phone-dashboard');
    await phone.close();

    const phoneOnboarding = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await phoneOnboarding.addCookies(await onboarding.cookies());
    const wizard = await phoneOnboarding.newPage();
    await wizard.goto(`${h.baseUrl}/onboarding?step=1`);
    await wizard.getByLabel('Service 1 name').waitFor();
    expect(await noSideways(wizard)).toBe(true);
    await checkPage(h, wizard, 'phone-onboarding');
    await phoneOnboarding.close();
  });
});
