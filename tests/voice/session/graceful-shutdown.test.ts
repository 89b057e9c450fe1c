import { afterAll, describe, expect, it } from 'vitest';
import { findCallById } from '../../../db/calls.ts';
import { buildVoiceTestApp, type VoiceTestApp } from './voice-test-app.ts';

/**
 * A deploy stops the process with SIGTERM: calls in progress may finish on their own within the
 * grace period instead of being cut off; whatever is left at the deadline is closed.
 */
const apps: VoiceTestApp[] = [];
afterAll(async () => {
  for (const t of apps) await t.close().catch(() => {});
});

describe('graceful shutdown', () => {
  it('lets a live call finish before the server closes', async () => {
    const t = await buildVoiceTestApp({ env: { SHUTDOWN_GRACE_MS: '20000' } });
    apps.push(t);
    const business = await t.liveBusiness('+15550600001');
    const call = await t.call('+15550600001');
    await call.waitToHear('How can I help you today?');
    const callId = call.parameters.callId!;

    let closed = false;
    const closing = t.app.close().then(() => {
      closed = true;
    });
    // The server is shutting down, yet the caller is still being served.
    await call.say('What are your hours?');
    await call.waitToHear("Today we're open");
    expect(closed).toBe(false);
    expect(t.voice.session(callId)).toBeDefined();

    await call.say('That is all, goodbye');
    await call.waitFor(() => call.closed, 10_000, 'the agent to hang up');
    await closing;
    const row = await findCallById(t.db.pool, business.id, callId);
    expect(row?.outcome).toBe('completed');
  });

  it('closes calls still running when the grace period ends', async () => {
    const t = await buildVoiceTestApp({ env: { SHUTDOWN_GRACE_MS: '300' } });
    apps.push(t);
    const business = await t.liveBusiness('+15550600002');
    const call = await t.call('+15550600002');
    await call.waitToHear('How can I help you today?');
    await t.app.close();
    await call.waitFor(() => call.closed, 5000, 'the stream to close');
    const row = await findCallById(t.db.pool, business.id, call.parameters.callId!);
    expect(row?.outcome).not.toBe('in_progress');
  });
});
