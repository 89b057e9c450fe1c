import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type LaunchOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { buildApp } from '../../api/app.ts';
import { SESSION_COOKIE } from '../../api/plugins/app/access.ts';
import { createMetricsRegistry } from '../../api/plugins/external/metrics.ts';
import type { Config } from '../../config/config.ts';
import { type CustomerRow, createCustomer, type NewCustomer } from '../../db/customers.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { createSession } from '../../db/sessions.ts';
import { PayPalFake } from '../../fixtures/paypal/paypal-fake.ts';
import { SmtpCatcher } from '../../fixtures/smtp/smtp-catcher.ts';
import { createPayPalClient } from '../../integrations/paypal-client.ts';
import { createRedis } from '../../jobs/connection.ts';
import type { JobContext, JobServices } from '../../jobs/job-context.ts';
import { createNotificationServices } from '../../jobs/notifications/services.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { JOB_DEFINITIONS } from '../../jobs/registry.ts';
import { startWorkers, type WorkerPool } from '../../jobs/worker.ts';
import { deletePrefix } from '../helpers/test-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';
import { scaled } from '../helpers/timeouts.ts';
import { ensurePortalBuilt } from './portal-build.ts';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

/** Debian's Chromium, headless, with everything that phones home switched off. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HarnessOptions {
  /** Extra environment for `loadConfig` (e.g. provider base URLs pointing at fakes). */
  env?: Record<string, string | undefined>;
  /** Last-minute changes to the loaded config. */
  customize?: (config: Config) => void;
  /** Outbound services for the job workers (mailer, SMS…), keyed as in `JobServices`. */
  services?: Partial<JobServices>;
  /**
   * 'emulator' (default) shows the emulator's pay button; 'paypal' makes the portal load PayPal's JS
   * SDK (tests intercept it) while the server still talks to the emulator's REST API.
   */
  paypalMode?: 'emulator' | 'paypal';
  /** Start the BullMQ workers (default true). */
  workers?: boolean;
}

export interface Harness {
  /** http://127.0.0.1:<port>, also the config's PUBLIC_URL so emailed links point here. */
  baseUrl: string;
  app: FastifyInstance;
  pool: DatabasePool;
  config: Config;
  db: TestDatabase;
  redis: Redis;
  queues: JobQueues;
  workers: WorkerPool | null;
  /** The PayPal emulator the app pays through (script declines with `declineNextCapture`). */
  paypal: PayPalFake;
  /** The SMTP catcher every email goes to (`mail.waitFor(...)`). */
  mail: SmtpCatcher;
  createCustomer(overrides?: Partial<NewCustomer>): Promise<CustomerRow>;
  /** Signs a browser context in as the customer (sets the session cookie for baseUrl). */
  signIn(context: BrowserContext, customerId: string): Promise<void>;
  launchBrowser(options?: LaunchOptions): Promise<Browser>;
  /** Saves a full-page PNG to test-artifacts/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** A free loopback port, so PUBLIC_URL can be known before the app is built. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Playwright waits this long for an element, a navigation or a response before failing with its own
 * message (well inside the test's timeout). Both scale with TEST_TIMEOUT_FACTOR.
 */
export const ELEMENT_TIMEOUT_MS = scaled(30_000);

/**
 * Bounds for a whole browser test: a walk through several pages on a loaded 2-core machine, and a
 * spoken demo where the receptionist talks in real time.
 */
export const BROWSER_TEST_MS = scaled(300_000);
export const BROWSER_SETUP_MS = scaled(180_000);

/**
 * Waits until the page has finished loading what it asked for: the load event, then no network
 * request for 500 ms (WebSockets do not count). Checks that read the whole page (axe, screenshots)
 * run after this, so they never see a half-fetched page.
 */
/**
 * Clicks and waits for the response the click causes, together: the wait is registered first (no
 * race), and if the click fails the wait is not left behind as an unhandled rejection.
 */
export async function clickForResponse(
  target: Locator,
  matches: (response: Response) => boolean,
): Promise<Response> {
  const [response] = await Promise.all([target.page().waitForResponse(matches), target.click()]);
  return response;
}

export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  // Every context fails a missing element with Playwright's own message (what it waited for)
  // instead of running into the test timeout.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (contextOptions) => {
    const context = await newContext(contextOptions);
    context.setDefaultTimeout(ELEMENT_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(ELEMENT_TIMEOUT_MS);
    return context;
  };
  return browser;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await settled(page);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

let customerCounter = 0;

/**
 * The whole platform in this process, as `npm start` runs it: HTTP API + portal (built from the
 * current sources) + job workers, over a cloned database and its own Redis prefix, listening on
 * 127.0.0.1 at a free port. Browser tests drive it through `baseUrl`.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const portalRoot = await ensurePortalBuilt();
  const db = await createTestDatabase({ poolSize: 10 });
  const cleanups: (() => Promise<unknown>)[] = [() => db.drop()];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    // The same outside services `npm start` uses without credentials: PayPal emulator + mail catcher.
    const paypal = await PayPalFake.start();
    cleanups.push(() => paypal.close());
    const mail = await SmtpCatcher.start();
    cleanups.push(() => mail.close());
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const config = testConfig(db.url, { PUBLIC_URL: baseUrl, HOST: '127.0.0.1', ...options.env });
      options.customize?.(config);
      const redis = createRedis(config.redisUrl, { connectionName: 'e2e' });
      const queues = new JobQueues(redis, config.queuePrefix);
      const logger = pino({ level: 'silent' });
      const app = await buildApp({
        config,
        logger,
        pool: db.pool,
        redis,
        queues,
        metrics: createMetricsRegistry(false),
        portalRoot,
        paypal: createPayPalClient({
          clientId: options.paypalMode === 'paypal' ? 'test-client-id' : 'emulator-client',
          clientSecret: 'emulator-secret',
          environment: 'sandbox',
          apiBase: paypal.url,
          mode: options.paypalMode ?? 'emulator',
        }),
        mailCatcher: mail,
      });
      try {
        await app.listen({ port, host: '127.0.0.1' });
      } catch (error) {
        await app.close();
        await queues.close();
        await redis.quit();
        // Another process took the port between probing and listening: try a new one.
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5) continue;
        throw error;
      }
      cleanups.push(async () => {
        await deletePrefix(redis, config.queuePrefix);
        await redis.quit();
      });
      cleanups.push(() => queues.close());
      cleanups.push(() => app.close());

      const jobServices = createNotificationServices(config, mail.url);
      cleanups.push(async () => jobServices.mailer.close());
      let workers: WorkerPool | null = null;
      if (options.workers !== false) {
        const context: JobContext = {
          config,
          pool: db.pool,
          logger,
          queues,
          services: { ...jobServices, ...options.services } as JobServices,
        };
        workers = await startWorkers(context, JOB_DEFINITIONS, {
          connection: redis,
          prefix: config.queuePrefix,
          concurrency: 2,
        });
        const started = workers;
        cleanups.push(() => started.close());
      }

      return {
        baseUrl,
        app,
        pool: db.pool,
        config,
        db,
        redis,
        queues,
        workers,
        paypal,
        mail,
        createCustomer: async (overrides = {}) => {
          customerCounter += 1;
          return createCustomer(db.pool, {
            email: `e2e${customerCounter}-${Date.now()}@example.test`,
            businessName: `E2E Business ${customerCounter}`,
            plan: 'pro',
            status: 'active',
            ...overrides,
          });
        },
        signIn: async (context, customerId) => {
          const session = await createSession(db.pool, customerId);
          await context.addCookies([
            {
              name: SESSION_COOKIE,
              value: app.signCookie(session.token),
              url: baseUrl,
              httpOnly: true,
              sameSite: 'Lax',
            },
          ]);
        },
        launchBrowser,
        screenshot,
        close: closeAll,
      };
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
}
