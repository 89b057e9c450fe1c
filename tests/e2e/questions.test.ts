import type { Browser, BrowserContext } from 'playwright-core';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './a11y.ts';
import { type Harness, startHarness } from './harness.ts';
import { seedCall, seedOnboarded } from './seed.ts';

/** The owner's "Questions callers asked" page in Chromium: see, answer once, try a question. */
describe('portal: questions callers asked', () => {
  let h: Harness;
  let browser: Browser;
  let owner: BrowserContext;
  let customerId: string;

  beforeAll(async () => {
    h = await startHarness({ workers: false });
    browser = await h.launchBrowser();
    const customer = await h.createCustomer({ businessName: 'Seaside Dental' });
    customerId = customer.id;
    await seedOnboarded(h.pool, customerId, { live: true });
    // Two calls the receptionist could not answer, asking the same thing in other words.
    for (const question of ['Do you take Delta Dental?', 'Is Delta Dental insurance accepted?']) {
      const callId = await seedCall(h.pool, customerId, {
        turns: [
          { user: question, ai: "I'm not sure about that one. I'll pass your question on to the team." },
        ],
      });
      await h.pool.query(sql.unsafe`
        UPDATE conversation_turns SET unanswered = 'fallback' WHERE call_id = ${callId}`);
    }
    owner = await browser.newContext();
    await h.signIn(owner, customerId);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('groups the question with its calls; the answer is saved, versioned and found by a try', async () => {
    const page = await owner.newPage();
    await page.goto(`${h.baseUrl}/app`);
    await page.getByRole('link', { name: 'Questions', exact: true }).click();
    await page.getByRole('heading', { name: 'Questions callers asked' }).waitFor();
    const card = page.locator('.question');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    await page.getByText('Asked 2 times in 2 calls').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await h.screenshot(page, 'questions-open');

    await page.getByRole('button', { name: 'Save answer' }).click();
    await page.getByText('Your answer is required').waitFor();
    await page
      .getByLabel('Your answer', { exact: true })
      .fill('Yes, we accept Delta Dental PPO and Premier plans.');
    await page.getByRole('button', { name: 'Save answer' }).click();
    // Answered: it leaves the open list and is listed among the owner's answers.
    await page.getByText('Nothing waiting').waitFor();
    await page.getByText('Yes, we accept Delta Dental PPO and Premier plans.').waitFor();
    await page.getByText('Version 1').waitFor();

    await page.getByLabel('What a caller might ask').fill('do you take delta dental');
    await page.getByRole('button', { name: 'Search' }).click();
    const hits = page.getByRole('list', { name: 'What your receptionist would find' });
    await hits.waitFor();
    expect(await hits.locator('li').first().textContent()).toContain('Your answer');

    await page.getByRole('link', { name: 'Answered' }).click();
    await page.getByLabel('Your answer (version 1)').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await h.screenshot(page, 'questions-answered');
  });
});
