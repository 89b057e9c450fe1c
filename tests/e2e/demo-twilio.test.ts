import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStep } from '../../domain/onboarding/complete-step.ts';
import { outboxRows } from '../helpers/outbox-rows.ts';
import { scaled } from '../helpers/timeouts.ts';
import {
  BROWSER_SETUP_MS,
  BROWSER_TEST_MS,
  clickForResponse,
  type Harness,
  startHarness,
} from './harness.ts';

/**
 * Twilio mode of the demo: with Twilio configured, the start endpoint returns an access token and
 * the browser places a WebRTC call through @twilio/voice-sdk, fetched only now. There is no fake
 * for Twilio's signalling and WebRTC media, and the test must not reach the internet, so Twilio's
 * hosts are cut off in the browser. What is checked is the browser's side: the SDK is loaded on
 * demand, dials Twilio's signalling (not our stream), and a failed connection ends in a clear
 * message with Retry — never a silent hang.
 */
describe('browser demo in Twilio mode', { timeout: BROWSER_TEST_MS }, () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHarness({
      workers: false,
      env: {
        TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'twilio-test-auth-token',
        TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
        TWILIO_API_KEY_SECRET: 'twilio-test-api-key-secret',
        TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
        // Nothing of Twilio's REST API is used by the browser demo; keep any stray call on loopback.
        TWILIO_API_BASE: 'http://127.0.0.1:9',
      },
    });
    browser = await h.launchBrowser({
      args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    });
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, BROWSER_SETUP_MS);

  it(
    'loads the Voice SDK only now, dials Twilio, and explains a failed connection with Retry',
    async () => {
      const customer = await h.createCustomer({ businessName: 'Twilio Mode Dental' });
      // Steps 1–4 done, so the wizard opens step 5 (the Twilio call never reaches the agent here).
      await h.pool.transaction(async (tx) => {
        for (const step of [1, 2, 3, 4] as const) await completeStep(tx, outboxRows(tx), customer.id, step);
      });
      const context = await browser.newContext({ permissions: ['microphone'] });
      try {
        await h.signIn(context, customer.id);
        const page = await context.newPage();
        const scripts: string[] = [];
        page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
        const sockets: string[] = [];
        page.on('websocket', (ws) => sockets.push(ws.url()));
        await page.route(/twilio\.com/, (route) => route.abort('internetdisconnected'));
        await page.routeWebSocket(/twilio\.com/, (ws) => {
          sockets.push(ws.url());
          ws.close({ code: 1011, reason: 'offline test' });
        });
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        await page.getByRole('button', { name: 'Start demo call' }).waitFor();
        expect(scripts.filter((url) => /twilio/i.test(url))).toEqual([]);

        const startResponse = await clickForResponse(
          page.getByRole('button', { name: 'Start demo call' }),
          (r) => r.url().endsWith(`/api/demo/${customer.id}/start`),
        );
        const started = (await startResponse.json()) as { mode: string; token: string };
        expect(started.mode).toBe('twilio');
        await expect.poll(() => scripts.filter((url) => /twilio/i.test(url)).length).toBeGreaterThan(0);
        await page
          .getByRole('alert')
          .filter({ hasText: 'through Twilio could not be connected' })
          // The panel gives Twilio 15 s to connect (its own timer), so this wait must outlast that.
          .waitFor({ timeout: scaled(45_000) });
        await page.getByRole('button', { name: 'Retry' }).waitFor();
        // The SDK tried Twilio's signalling server (it holds the token), not our demo stream.
        expect(sockets.some((url) => new URL(url).hostname.endsWith('twilio.com'))).toBe(true);
        expect(sockets.some((url) => url.includes('/api/demo/'))).toBe(false);
        await h.screenshot(page, 'demo-twilio-unreachable');
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );
});
