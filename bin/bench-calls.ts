/**
 * `npm run bench:calls`: N concurrent simulated calls against the call-control pipeline over real
 * WebSockets speaking the Twilio Media Streams protocol, with zero-latency fake providers. Prints the
 * pipeline overhead per turn (caller stopped → first agent audio, minus the fake STT's endpointing
 * silence), CPU and memory per call (server side: the simulated callers run in a worker thread), the largest N keeping p99 overhead under 50 ms, and the same
 * measurement against a bare Twilio-protocol echo server (the ceiling), with our capacity as a ratio.
 *
 *   npm run bench:calls [-- --levels 50,100,200,300 --turns 2 --budget-s 150]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import WebSocket, { WebSocketServer } from 'ws';
import type { BusinessProfile } from '../lib/business-profile.ts';
import { CallSession } from '../voice/session/call-session.ts';
import { createVoiceMetrics } from '../voice/session/latency.ts';
import { FakeCalendar } from '../voice/testing/fake-calendar.ts';
import { FakeLlm } from '../voice/testing/fake-llm.ts';
import { FakeStt } from '../voice/testing/fake-stt.ts';
import { FakeTts } from '../voice/testing/fake-tts.ts';
import { encodeSpeech, isVoiced, silence } from '../voice/testing/speech-code.ts';
import { WebSocketTransport } from '../voice/transport/websocket-transport.ts';
import { defineCli, fail, intValue, parseCli } from './support/cli-args.ts';

const CLI = defineCli({
  command: 'npm run bench:calls --',
  summary:
    'N concurrent simulated calls (Twilio Media Streams over WebSockets) against CallSession with zero-latency fakes, beside a bare echo server as the ceiling; prints overhead per turn, CPU and memory per call.',
  options: {
    levels: {
      type: 'string',
      value: 'N,N,…',
      description: 'concurrent call counts',
      default: '25,50,100,200,300,400',
    },
    turns: { type: 'string', value: 'N', description: 'turns per call', default: '3' },
    'budget-s': {
      type: 'string',
      value: 'S',
      description: 'stop climbing levels after this many seconds',
      default: '150',
    },
  },
});
// The simulated callers run this file again in a worker thread: only the main thread reads argv.
const args = isMainThread ? parseCli(CLI) : { levels: '', turns: '0', 'budget-s': '0' };
const ENDPOINT_FRAMES = 10; // the fake STT's (and the echo server's) endpointing: 200 ms of silence
const logger = pino({ level: 'silent' });

const business: BusinessProfile = {
  customerId: '00000000-0000-4000-8000-000000000000',
  businessName: 'Bench Dental',
  industry: 'healthcare',
  profession: 'dentist',
  ownerPhone: null,
  ownerEmail: 'bench@example.test',
  timeZone: 'UTC',
  address: '1 Bench Road',
  services: [{ name: 'Cleaning', durationMin: 30, priceCents: 9000 }],
  hours: { mon: [{ open: '09:00', close: '17:00' }] },
  greeting: 'Hello.',
  instructions: null,
  smsEnabled: false,
};

type Mode = 'platform' | 'echo';

/** Our pipeline: WebSocketTransport + CallSession with zero-latency fakes and a no-op writer. */
function attachPlatform(wss: WebSocketServer): void {
  const metrics = createVoiceMetrics(new Registry());
  const stt = new FakeStt({ endpointFrames: ENDPOINT_FRAMES });
  const tts = new FakeTts({ msPerChar: 1, chunkBytes: 1600 });
  const llm = new FakeLlm([], { fallbackText: 'Sure, we are open from nine to five.' });
  let n = 0;
  wss.on('connection', (socket) => {
    const transport = new WebSocketTransport(socket, { logger, extensions: false });
    void transport.waitForStart(5000).then(async () => {
      const session = new CallSession({
        call: {
          callId: `bench-${++n}`,
          callSid: null,
          callType: 'phone',
          callerNumber: null,
          startedAt: Date.now(),
        },
        business,
        transport,
        providers: { stt, tts, llm },
        services: {
          calendar: new FakeCalendar(),
          messages: { takeMessage: async () => {} },
          callControl: null,
          searchDocuments: async () => [],
        },
        writer: { turn: () => {}, finish: async () => {} },
        metrics,
        logger,
        options: { silenceRepromptMs: 600_000, drainGraceMs: 200 },
      });
      await session.start();
    });
  });
}

/** The ceiling: the same protocol and endpointing, answering with one media chunk + mark at once. */
function attachEcho(wss: WebSocketServer): void {
  const reply = Buffer.alloc(1600, 0x10).toString('base64');
  wss.on('connection', (socket) => {
    let streamSid = '';
    let voiced = false;
    let quiet = 0;
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as {
        event: string;
        streamSid?: string;
        media?: { payload: string };
      };
      if (m.event === 'start') streamSid = m.streamSid ?? '';
      if (m.event !== 'media' || !m.media) return;
      if (isVoiced(Buffer.from(m.media.payload, 'base64'))) {
        voiced = true;
        quiet = 0;
      } else if (voiced && ++quiet >= ENDPOINT_FRAMES) {
        voiced = false;
        socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload: reply } }));
        socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'r' } }));
      }
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One caller: speaks, stops, measures until the first agent audio; acknowledges marks at once. */
async function caller(url: string, turns: number, latencies: number[]): Promise<void> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const streamSid = `MZ${Math.random().toString(16).slice(2)}`;
  let waiting: ((t: number) => void) | null = null;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { event: string; mark?: { name: string } };
    if (m.event === 'media' && waiting) {
      waiting(performance.now());
      waiting = null;
    }
    if (m.event === 'mark') ws.send(JSON.stringify({ event: 'mark', streamSid, mark: m.mark }));
  });
  const send = (frame: Buffer) =>
    ws.send(
      JSON.stringify({
        event: 'media',
        streamSid,
        media: { track: 'inbound', payload: frame.toString('base64') },
      }),
    );
  ws.send(JSON.stringify({ event: 'connected' }));
  ws.send(
    JSON.stringify({ event: 'start', streamSid, start: { streamSid, callSid: 'CA1', customParameters: {} } }),
  );
  await sleep(300);
  const speech = encodeSpeech('what are your opening hours please', 800);
  const quiet = silence(ENDPOINT_FRAMES * 20 + 400);
  for (let t = 0; t < turns; t++) {
    const started = performance.now();
    let frameNo = 0;
    const pace = async () => {
      frameNo++;
      const wait = started + frameNo * 20 - performance.now();
      if (wait > 0) await sleep(wait);
    };
    for (let i = 0; i < speech.length; i += 160) {
      send(speech.subarray(i, i + 160));
      await pace();
    }
    // The fake STT can finalise only once the ENDPOINT_FRAMES-th silent frame is in: measure from
    // sending that frame, so the overhead excludes the (fake) endpointing delay exactly.
    let endpointSentAt = Number.NaN;
    const firstAudio = new Promise<number>((resolve) => {
      waiting = resolve;
    });
    for (let i = 0, n = 1; i < quiet.length; i += 160, n++) {
      send(quiet.subarray(i, i + 160));
      if (n === ENDPOINT_FRAMES) endpointSentAt = performance.now();
      await pace();
    }
    const at = await Promise.race([firstAudio, sleep(3000).then(() => Number.NaN)]);
    latencies.push(at - endpointSentAt);
    await sleep(200);
  }
  ws.close();
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function runLevel(mode: Mode, calls: number, turns: number) {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  if (mode === 'platform') attachPlatform(wss);
  else attachEcho(wss);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  global.gc?.();
  const memBefore = process.memoryUsage();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let peakMem = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakMem = Math.max(peakMem, m.heapUsed + m.external + m.arrayBuffers);
  }, 100);
  // Callers run in a worker thread: the server's event loop (what we measure) is not shared with them.
  const worker = new Worker(new URL(import.meta.url), { workerData: { url, calls, turns } });
  const latencies = await new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  wss.close();
  server.close();
  const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
  const lost = latencies.length - sorted.length;
  return {
    mode,
    calls,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    lost,
    cpuPctPerCall: ((cpu.user + cpu.system) / 1000 / wallMs / calls) * 100,
    memKbPerCall:
      Math.max(0, peakMem - (memBefore.heapUsed + memBefore.external + memBefore.arrayBuffers)) /
      1024 /
      calls,
  };
}

async function main() {
  const levels = args.levels.split(',').map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 1)) {
    fail(CLI, `--levels must be whole numbers ≥ 1 separated by commas, got '${args.levels}'`);
  }
  const turns = intValue(CLI, '--turns', args.turns, 3, 1);
  const deadline = performance.now() + intValue(CLI, '--budget-s', args['budget-s'], 150, 1) * 1000;
  const best: Record<Mode, number> = { platform: 0, echo: 0 };
  const failed: Record<Mode, boolean> = { platform: false, echo: false };
  console.log('mode      calls  p50 ms  p99 ms  lost  cpu%/call  mem KB/call');
  // Warm-up: JIT and first-use costs are not steady-state overhead.
  for (const mode of ['platform', 'echo'] as Mode[]) await runLevel(mode, 5, 1);
  // Both modes climb the same levels side by side, so a time budget cuts them at the same point.
  let lastLevel = 0;
  for (const calls of levels) {
    if (performance.now() > deadline) {
      console.log(`(time budget reached before ${calls} calls)`);
      break;
    }
    for (const mode of ['platform', 'echo'] as Mode[]) {
      if (failed[mode]) continue;
      const r = await runLevel(mode, calls, turns);
      console.log(
        `${mode.padEnd(9)} ${String(calls).padStart(5)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.lost).padStart(5)} ${r.cpuPctPerCall.toFixed(2).padStart(10)} ${r.memKbPerCall.toFixed(0).padStart(12)}`,
      );
      if (r.p99 < 50 && r.lost === 0) best[mode] = calls;
      else failed[mode] = true;
    }
    lastLevel = calls;
    if (failed.platform && failed.echo) break;
  }
  console.log(`\nlargest N with p99 overhead < 50 ms: platform ${best.platform}, bare echo ${best.echo}`);
  let ratio: string;
  if (!best.echo) ratio = 'n/a (the ceiling itself failed the first level: the machine is too busy)';
  else if (!failed.echo && !failed.platform) {
    ratio = `≥ 100 % (both passed every level up to ${lastLevel}; raise --levels to find the ceiling)`;
  } else ratio = `${((best.platform / best.echo) * 100).toFixed(0)} %`;
  console.log(`capacity vs bare Twilio-protocol echo server: ${ratio}`);
  process.exit(0);
}

if (isMainThread) {
  await main();
} else {
  const { url, calls, turns } = workerData as { url: string; calls: number; turns: number };
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      sleep((i * 1000) / calls).then(() => caller(url, turns, latencies)),
    ),
  );
  parentPort?.postMessage(latencies);
}
