import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabasePool } from '../../db/pool.ts';
import { completeStep } from '../../domain/onboarding/complete-step.ts';
import { FakeDeepgram } from '../../fixtures/deepgram/fake-deepgram.ts';
import { FakeIbm } from '../../fixtures/ibm/fake-ibm.ts';
import { outboxRows } from '../helpers/outbox-rows.ts';
import { scaled } from '../helpers/timeouts.ts';
import { seriousA11yViolations } from './a11y.ts';
import {
  BROWSER_SETUP_MS,
  BROWSER_TEST_MS,
  clickForResponse,
  type Harness,
  startHarness,
} from './harness.ts';

/** espeak-ng + sox, 8 kHz 16-bit mono: Chromium's fake microphone loops it. */
const CALLER_WAV = fileURLToPath(new URL('../../fixtures/audio/caller-book-cleaning.wav', import.meta.url));
/** What the Deepgram fake "recognises" in the WAV (no offline recogniser can: speech-notes.md). */
const CALLER_SENTENCE = 'Hi, I would like to book a cleaning next Tuesday at 3 pm, my name is Ann Lee.';
const TYPED_TURN = 'Do you have anything on Wednesday morning instead?';
/** Waits that include the agent speaking in real time (espeak replies last several seconds). */
const SPEECH = { timeout: scaled(60_000) };

/** A business that finished steps 1–4, so the wizard opens step 5 ("Try it"). */
async function seedOnboardedBusiness(pool: DatabasePool, customerId: string, name: string): Promise<void> {
  const weekday = [{ open: '09:00', close: '17:00' }];
  await pool.transaction(async (tx) => {
    await completeStep(tx, outboxRows(tx), customerId, 1, {
      businessInfo: {
        name,
        industry: 'Dental clinic',
        profession: 'Dentist',
        phone: '+14155550100',
        services: [{ name: 'Cleaning', durationMin: 30, priceCents: 9000, currency: 'USD' }],
        hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
        timeZone: 'America/New_York',
        address: '1 Main St, Springfield',
      },
    });
    await completeStep(tx, outboxRows(tx), customerId, 2);
    await completeStep(tx, outboxRows(tx), customerId, 3, {
      callerResponses: {
        greeting: `Thanks for calling ${name}, how can I help?`,
        instructions: 'Book cleanings.',
      },
    });
    await completeStep(tx, outboxRows(tx), customerId, 4, {
      calendarIntegration: { provider: 'builtin', status: 'connected' },
    });
  });
}

type Frame = { event: string; [key: string]: unknown };

/** What crossed the demo's WebSocket, as the browser saw it (Twilio Media Streams JSON). */
function tapDemoStream(page: Page) {
  const tap = {
    sent: [] as Frame[],
    received: [] as Frame[],
    count: (direction: 'sent' | 'received', event: string) =>
      tap[direction].filter((m) => m.event === event).length,
  };
  const parse = (payload: string | Buffer): Frame => {
    try {
      return JSON.parse(String(payload)) as Frame;
    } catch {
      return { event: 'unparseable' };
    }
  };
  page.on('websocket', (ws: WebSocket) => {
    if (!ws.url().includes('/api/demo/')) return;
    ws.on('framesent', (frame) => tap.sent.push(parse(frame.payload)));
    ws.on('framereceived', (frame) => tap.received.push(parse(frame.payload)));
  });
  return tap;
}

describe('browser demo (onboarding step 5, headless Chromium with a fake microphone)', {
  timeout: BROWSER_TEST_MS,
}, () => {
  let h: Harness;
  let deepgram: FakeDeepgram;
  let ibm: FakeIbm;
  let browser: Browser;

  beforeAll(async () => {
    deepgram = await FakeDeepgram.start();
    ibm = await FakeIbm.start();
    h = await startHarness({
      env: {
        STT_PROVIDERS: 'deepgram,ibm',
        DEEPGRAM_API_KEY: 'dg-test-key',
        DEEPGRAM_URL: deepgram.url,
        IBM_STT_APIKEY: 'ibm-test-key',
        IBM_STT_URL: ibm.url,
        IBM_IAM_URL: ibm.url,
      },
    });
    browser = await h.launchBrowser({
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${CALLER_WAV}`,
      ],
    });
  }, BROWSER_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await deepgram?.close();
    await ibm?.close();
  }, BROWSER_SETUP_MS);

  async function signedInPage(
    name: string,
  ): Promise<{ context: BrowserContext; page: Page; customerId: string }> {
    const customer = await h.createCustomer({ businessName: name });
    await seedOnboardedBusiness(h.pool, customer.id, name);
    const context = await browser.newContext({ permissions: ['microphone'] });
    await h.signIn(context, customer.id);
    const page = await context.newPage();
    return { context, page, customerId: customer.id };
  }

  it(
    'speaks and types to the receptionist, ends the demo and finds every turn in the call log',
    async () => {
      const { context, page, customerId } = await signedInPage('Bright Smile Dental');
      try {
        // 2.5 s of caller audio makes the fake recogniser hear the sentence, as Deepgram would.
        deepgram.transcripts.say({ text: CALLER_SENTENCE, afterBytes: 20_000 });
        const tap = tapDemoStream(page);
        const scripts: string[] = [];
        page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        const startResponse = await clickForResponse(
          page.getByRole('button', { name: 'Start demo call' }),
          (r) => r.url().endsWith(`/api/demo/${customerId}/start`),
        );
        const { callId, mode } = (await startResponse.json()) as { callId: string; mode: string };
        expect(mode).toBe('direct');

        // Spoken turn: microphone → worklet → μ-law frames → server → Deepgram fake → live transcript.
        const transcript = page.getByRole('list', { name: 'Live transcript' });
        const spoken = 'li[data-role=caller]:not(.demo-partial):has-text("book a cleaning next Tuesday")';
        await transcript.locator(spoken).waitFor(SPEECH);
        // The fake microphone loops the sentence: mute it so it does not talk over the replies.
        await page.getByRole('button', { name: 'Mute microphone' }).click();
        await transcript.locator(`${spoken} ~ li[data-role=agent]`).first().waitFor(SPEECH);
        await h.screenshot(page, 'demo-spoken-turn');
        expect(tap.count('sent', 'media')).toBeGreaterThan(100);
        expect(deepgram.connections.some((c) => c.audioBytes >= 20_000)).toBe(true);
        // The caller talking over the greeting interrupted it: the server cleared the browser's playback.
        expect(tap.count('received', 'clear')).toBeGreaterThan(0);

        // Typed turn: answered like a spoken one, and the reply is spoken too.
        await page.getByLabel('Type instead').fill(TYPED_TURN);
        await page.getByRole('button', { name: 'Send' }).click();
        expect(tap.sent.some((m) => m.event === 'text' && m.text === TYPED_TURN)).toBe(true);
        await transcript
          .locator('li[data-role=caller]:has-text("Wednesday morning") ~ li[data-role=agent]')
          .first()
          .waitFor(SPEECH);
        await page.getByRole('status').filter({ hasText: 'Receptionist: Listening' }).waitFor(SPEECH);
        // Every mark the server sent came back once its audio had played (or was cleared).
        const names = (list: Frame[]) =>
          list.filter((m) => m.event === 'mark').map((m) => (m.mark as { name: string }).name);
        expect(names(tap.received).length).toBeGreaterThan(0);
        await expect.poll(() => names(tap.received).filter((n) => !names(tap.sent).includes(n))).toEqual([]);
        await page.getByRole('table', { name: 'Response time per turn' }).waitFor();
        expect(await seriousA11yViolations(page)).toEqual([]);
        await h.screenshot(page, 'demo-live');

        const endResponse = await clickForResponse(page.getByRole('button', { name: 'End demo' }), (r) =>
          r.url().endsWith(`/api/demo/${customerId}/end`),
        );
        const ended = (await endResponse.json()) as { transcript: { role: string; text: string }[] };
        expect(tap.count('sent', 'stop')).toBe(1);
        // The Twilio Voice SDK is only fetched in Twilio mode (demo-twilio.test.ts).
        expect(scripts.filter((url) => /twilio/i.test(url))).toEqual([]);
        expect(ended.transcript).toContainEqual(
          expect.objectContaining({ role: 'caller', text: TYPED_TURN }),
        );
        await h.screenshot(page, 'demo-ended');

        // Property 3 through the portal: the call and its turns are stored and readable.
        const detail = await page.request.get(`${h.baseUrl}/api/portal/${customerId}/calls/${callId}`);
        expect(detail.status()).toBe(200);
        const body = (await detail.json()) as { turns: { userText: string | null; aiText: string | null }[] };
        const userTexts = body.turns.map((t) => t.userText ?? '');
        expect(userTexts.some((t) => t.includes('book a cleaning next Tuesday'))).toBe(true);
        expect(body.turns.find((t) => t.userText === TYPED_TURN)?.aiText?.length).toBeGreaterThan(0);
        const onboarding = await page.request.get(`${h.baseUrl}/api/onboarding/${customerId}`);
        expect(((await onboarding.json()) as { demoCompleted: boolean }).demoCompleted).toBe(true);

        await page.goto(`${h.baseUrl}/app/calls/${callId}`);
        await page.getByText(TYPED_TURN).first().waitFor();
        await page.getByText(CALLER_SENTENCE).first().waitFor();
        await h.screenshot(page, 'demo-call-log');
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "shows the server's message when too many demos run at once",
    async () => {
      const { context, page, customerId } = await signedInPage('Busy Demo Dental');
      try {
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        const started: string[] = [];
        for (;;) {
          const response = await page.request.post(`${h.baseUrl}/api/demo/${customerId}/start`, { data: {} });
          if (response.status() !== 200) break;
          started.push(((await response.json()) as { callId: string }).callId);
        }
        expect(started.length).toBeGreaterThan(0);
        await page.getByRole('button', { name: 'Start demo call' }).click();
        await page.getByRole('alert').filter({ hasText: 'demos can run at once' }).waitFor();
        await h.screenshot(page, 'demo-too-many');
        // Ending one frees a slot: Retry now connects.
        await page.request.post(`${h.baseUrl}/api/demo/${customerId}/end`, { data: { callId: started[0] } });
        await page.getByRole('button', { name: 'Retry' }).click();
        await page.getByLabel('Type instead').waitFor();
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'explains a denied microphone, retries, and can continue by typing',
    async () => {
      const { context, page } = await signedInPage('Denied Mic Dental');
      try {
        // The browser's own denial (the user clicked "Block"), raised at the API boundary.
        await page.addInitScript(() => {
          const counter = window as unknown as { micRequests: number };
          counter.micRequests = 0;
          navigator.mediaDevices.getUserMedia = () => {
            counter.micRequests++;
            return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
          };
        });
        const micRequests = () =>
          page.evaluate(() => (window as unknown as { micRequests: number }).micRequests);
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        await page.getByRole('button', { name: 'Start demo call' }).click();
        await page.getByRole('alert').filter({ hasText: 'Microphone access was denied' }).waitFor();
        await h.screenshot(page, 'demo-microphone-denied');
        await page.getByRole('button', { name: 'Retry' }).click();
        await expect.poll(micRequests).toBe(2);
        await page.getByRole('alert').filter({ hasText: 'Microphone access was denied' }).waitFor();

        await page.getByRole('button', { name: 'Continue by typing' }).click();
        await page.getByText('(typing only)').waitFor();
        await page.getByLabel('Type instead').fill('What are your opening hours?');
        await page.getByRole('button', { name: 'Send' }).click();
        const transcript = page.getByRole('list', { name: 'Live transcript' });
        await transcript.locator('li[data-role=caller] ~ li[data-role=agent]').first().waitFor(SPEECH);
        const endResponse = await clickForResponse(page.getByRole('button', { name: 'End demo' }), (r) =>
          r.url().includes('/end'),
        );
        const ended = (await endResponse.json()) as { transcript: { role: string; text: string }[] };
        expect(ended.transcript).toContainEqual(
          expect.objectContaining({ role: 'caller', text: 'What are your opening hours?' }),
        );
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows a lost stream with Retry, and a retried demo works',
    async () => {
      const { context, page } = await signedInPage('Flaky Network Dental');
      try {
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        await page.getByRole('button', { name: 'Start demo call' }).click();
        await page.getByLabel('Type instead').waitFor();
        // The network drops mid-call: the server's end of the stream vanishes without a close
        // frame. (Cutting it in the browser with routeWebSocket would proxy every later audio frame
        // through the test process, which stalls the page on a loaded machine.)
        expect(h.app.websocketServer.clients.size).toBe(1);
        for (const socket of h.app.websocketServer.clients) socket.terminate();
        await page.getByRole('alert').filter({ hasText: 'The connection to the demo was lost.' }).waitFor();
        await h.screenshot(page, 'demo-stream-lost');
        await page.getByRole('button', { name: 'Retry' }).click();
        await page.getByLabel('Type instead').waitFor();
        await page.getByLabel('Type instead').fill('Are you open on Saturday?');
        await page.getByRole('button', { name: 'Send' }).click();
        const transcript = page.getByRole('list', { name: 'Live transcript' });
        await transcript.locator('li[data-role=caller] ~ li[data-role=agent]').first().waitFor(SPEECH);
        const endResponse = await clickForResponse(page.getByRole('button', { name: 'End demo' }), (r) =>
          r.url().includes('/end'),
        );
        expect(endResponse.status()).toBe(200);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'keeps the conversation going when speech recognition fails over mid-demo, with a small notice',
    async () => {
      const { context, page } = await signedInPage('Failover Dental');
      try {
        // Deepgram drops the stream after 0.5 s of caller audio; IBM hears the (replayed) sentence.
        deepgram.faultNextConnection({ kind: 'close-after-bytes', bytes: 4000 });
        ibm.transcripts.say({ text: CALLER_SENTENCE, afterBytes: 20_000 });
        await page.goto(`${h.baseUrl}/onboarding?step=5`);
        await page.getByRole('button', { name: 'Start demo call' }).click();
        await page
          .getByRole('status')
          .filter({ hasText: 'Switched speech recognition to IBM' })
          .waitFor(SPEECH);
        const transcript = page.getByRole('list', { name: 'Live transcript' });
        const spoken = 'li[data-role=caller]:not(.demo-partial):has-text("book a cleaning next Tuesday")';
        await transcript.locator(spoken).waitFor(SPEECH);
        await page.getByRole('button', { name: 'Mute microphone' }).click();
        // The receptionist acted on what IBM heard (checked the calendar) and kept talking.
        await transcript.locator(`${spoken} ~ li[data-role=tool]`).first().waitFor(SPEECH);
        await transcript.locator(`${spoken} ~ li[data-role=agent]`).first().waitFor(SPEECH);
        await h.screenshot(page, 'demo-failover');
        expect(ibm.connections.length).toBeGreaterThan(0);
        const endResponse = await clickForResponse(page.getByRole('button', { name: 'End demo' }), (r) =>
          r.url().includes('/end'),
        );
        expect(endResponse.status()).toBe(200);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );
});
