import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/**
 * Text mode of `npm run call`: the caller's lines go to the receptionist as typed turns over the
 * browser demo's stream (`WS /api/demo/:customerId/stream`, Twilio's Media Streams format plus
 * `{event:'text'}`), which runs the same CallSession as a phone call. The replies are still
 * synthesised; their audio is "played" here (marks acknowledged when it would have finished, or at
 * once with `fast`), so the server sees a listener, not a sink.
 */
export interface TextCallOptions {
  baseUrl: string;
  /** Origin of PUBLIC_URL, sent on state-changing requests as a browser would. */
  origin: string;
  /** A signed-in session cookie for the business owner (the demo API is customer-only). */
  cookie: string;
  customerId: string;
  lines: string[];
  /** How long to wait for the receptionist to finish a reply. */
  waitMs: number;
  /** Acknowledge agent audio at once instead of at real-time playout. */
  fast: boolean;
  print: (line: string) => void;
}

export interface TextCallResult {
  callId: string;
  /** The receptionist ended the call (goodbye, transfer) before all lines were said. */
  endedByAgent: boolean;
  turns: number;
}

export class DemoUnavailableError extends Error {
  override name = 'DemoUnavailableError';
}

/** Audio bytes per millisecond of 8 kHz μ-law. */
const BYTES_PER_MS = 8;

// The wire format, as the browser demo speaks it (portal/demo/codec.ts is browser code, not ours to import).
const connectedMessage = () => JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' });
const startMessage = (streamSid: string, callId: string, ticket: string) =>
  JSON.stringify({
    event: 'start',
    streamSid,
    start: {
      streamSid,
      callSid: callId,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: { ticket },
    },
  });
const markMessage = (streamSid: string, name: string) =>
  JSON.stringify({ event: 'mark', streamSid, mark: { name } });
const stopMessage = (streamSid: string, callId: string) =>
  JSON.stringify({ event: 'stop', streamSid, stop: { callSid: callId } });
const textMessage = (text: string) => JSON.stringify({ event: 'text', text });

/** What the server sends on a demo stream (audio, marks and the demo's events); loosely typed. */
interface ServerMessage {
  event: string;
  media?: { payload?: string };
  mark?: { name?: string };
  text?: string;
  state?: string;
  name?: string;
  summary?: string;
  role?: string;
  from?: string;
  to?: string;
  totalMs?: number;
  llmMs?: number;
  ttsMs?: number;
}

function parseServerMessage(data: string): ServerMessage | null {
  try {
    const message = JSON.parse(data) as ServerMessage;
    return typeof message?.event === 'string' ? message : null;
  } catch {
    return null;
  }
}

export async function runTextCall(options: TextCallOptions): Promise<TextCallResult> {
  const headers = { cookie: options.cookie, origin: options.origin, 'content-type': 'application/json' };
  const started = await fetch(`${options.baseUrl}/api/demo/${options.customerId}/start`, {
    method: 'POST',
    headers,
    body: '{}',
  });
  const body = (await started.json()) as {
    callId?: string;
    mode?: string;
    ticket?: string;
    streamPath?: string;
    error?: { message: string };
  };
  if (!started.ok || !body.callId) {
    throw new DemoUnavailableError(body.error?.message ?? `demo start answered HTTP ${started.status}`);
  }
  if (body.mode !== 'direct' || !body.ticket || !body.streamPath) {
    throw new DemoUnavailableError(
      'this server runs browser demos through Twilio (TWILIO_API_KEY_SID is set), so text mode is not available',
    );
  }
  const callId = body.callId;
  const socket = new WebSocket(`${options.baseUrl.replace(/^http/, 'ws')}${body.streamPath}`, {
    headers: { cookie: options.cookie, origin: options.origin },
  });
  const streamSid = `MZcli${randomUUID().replaceAll('-', '')}`;
  const conversation = new Conversation(socket, streamSid, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(connectedMessage());
  socket.send(startMessage(streamSid, callId, body.ticket));

  let turns = 0;
  // The greeting first: a line sent while it plays would interrupt it.
  await conversation.untilListening();
  for (const line of options.lines) {
    if (conversation.ended) break;
    options.print(`caller:       ${line}`);
    socket.send(textMessage(line));
    turns += 1;
    await conversation.untilListening();
  }
  const endedByAgent = conversation.ended;
  if (!endedByAgent) socket.send(stopMessage(streamSid, callId));
  await conversation.closed(5000);
  // Frees the demo slot and finalises the call log; onboarding is not touched (completeStep false).
  await fetch(`${options.baseUrl}/api/demo/${options.customerId}/end`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ callId, completeStep: false }),
  }).catch(() => {});
  return { callId, endedByAgent, turns };
}

/** Follows the server's side of one demo stream: prints it, plays its audio, tracks its state. */
class Conversation {
  ended = false;
  private spoke = false;
  private waiter: (() => void) | null = null;
  private playoutEndsAt = 0;
  private readonly pendingMarks = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly closedPromise: Promise<void>;
  private readonly socket: WebSocket;
  private readonly streamSid: string;
  private readonly options: Pick<TextCallOptions, 'fast' | 'print' | 'waitMs'>;

  constructor(
    socket: WebSocket,
    streamSid: string,
    options: Pick<TextCallOptions, 'fast' | 'print' | 'waitMs'>,
  ) {
    this.socket = socket;
    this.streamSid = streamSid;
    this.options = options;
    socket.on('message', (data) => this.receive(parseServerMessage(String(data))));
    // A socket error is followed by 'close', which ends the conversation; nothing more to do here.
    socket.on('error', () => {});
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closedPromise.then(() => this.end());
  }

  /** Resolves when the receptionist has replied and is listening again (or the call ended). */
  async untilListening(): Promise<void> {
    this.spoke = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.waiter = resolve;
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.options.print(`              (no reply within ${this.options.waitMs / 1000} s)`);
          resolve();
        }, this.options.waitMs);
      }),
    ]);
    clearTimeout(timer);
    this.waiter = null;
  }

  closed(timeoutMs: number): Promise<void> {
    return Promise.race([this.closedPromise, new Promise<void>((r) => setTimeout(r, timeoutMs))]).then(() => {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
    });
  }

  private end(): void {
    this.ended = true;
    for (const timer of this.pendingMarks.values()) clearTimeout(timer);
    this.pendingMarks.clear();
    this.waiter?.();
  }

  private receive(message: ServerMessage | null): void {
    if (!message) return;
    switch (message.event) {
      case 'media': {
        const bytes = Buffer.byteLength(message.media?.payload ?? '', 'base64');
        this.playoutEndsAt = Math.max(performance.now(), this.playoutEndsAt) + bytes / BYTES_PER_MS;
        return;
      }
      case 'mark': {
        const name = message.mark?.name;
        if (!name) return;
        const due = this.options.fast ? 0 : Math.max(0, this.playoutEndsAt - performance.now());
        this.pendingMarks.set(
          name,
          setTimeout(() => this.acknowledge(name), due),
        );
        return;
      }
      case 'clear':
        // Barge-in: everything queued is dropped at once and its marks come back now, as on Twilio.
        this.playoutEndsAt = performance.now();
        for (const [name, timer] of this.pendingMarks) {
          clearTimeout(timer);
          this.acknowledge(name);
        }
        return;
      case 'agent_text':
        this.spoke = true;
        this.options.print(`receptionist: ${message.text}`);
        return;
      case 'tool':
        this.options.print(`              [${message.name}] ${message.summary}`);
        return;
      case 'failover':
        this.options.print(`              (${message.role} switched from ${message.from} to ${message.to})`);
        return;
      case 'latency': {
        const parts = [
          message.llmMs !== undefined ? `llm ${message.llmMs} ms` : null,
          message.ttsMs !== undefined ? `tts ${message.ttsMs} ms` : null,
        ].filter(Boolean);
        this.options.print(
          `              (first audio ${message.totalMs} ms after the line${parts.length ? `: ${parts.join(', ')}` : ''})`,
        );
        return;
      }
      case 'state':
        if (message.state === 'listening' && this.spoke) this.waiter?.();
        return;
      case 'ended':
        this.end();
        return;
    }
  }

  private acknowledge(name: string): void {
    this.pendingMarks.delete(name);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(markMessage(this.streamSid, name));
  }
}
