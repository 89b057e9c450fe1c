import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WebSocket } from 'ws';
import type { BusinessProfile } from '../lib/business-profile.ts';
import type { CalendarService } from './agent/calendar-port.ts';
import { CallSession } from './session/call-session.ts';
import { createVoiceMetrics, type VoiceMetrics } from './session/latency.ts';
import type {
  CallControl,
  MessageSink,
  SessionOptions,
  SessionProviders,
  TurnWriter,
} from './session/types.ts';
import type { MediaTransport } from './transport/media-transport.ts';
import { type StreamGrant, StreamTokens } from './transport/stream-tokens.ts';
import { WebSocketTransport } from './transport/websocket-transport.ts';

export { BuiltinLlm } from './providers/llm/builtin/engine.ts';
export type { CallSession } from './session/call-session.ts';
export { reportFailover } from './session/failover-scope.ts';
export type { CallControl } from './session/types.ts';
export type { StreamGrant } from './transport/stream-tokens.ts';

/**
 * What a call needs from the rest of the platform. The voice core defines these ports; the
 * composition root plugs in the domain's implementations (database, outbox, calendars).
 */
export interface VoicePorts {
  loadProfile(customerId: string): Promise<BusinessProfile | null>;
  /** Snippets of the business's own documents that answer `query`, best first. */
  searchDocuments(customerId: string, query: string): Promise<string[]>;
  calendar: CalendarService;
  messages: MessageSink;
  /** Persists the call's turns and its CallLog (Property 3). */
  recorder(call: StreamGrant, business: BusinessProfile, log: Logger): TurnWriter;
}

export interface VoiceRuntimeDeps {
  redis: Redis;
  /** Redis key prefix for stream tokens. */
  keyPrefix: string;
  ports: VoicePorts;
  providers: SessionProviders;
  callControl: CallControl | null;
  metrics: Registry;
  logger: Logger;
  sessionOptions?: Partial<SessionOptions>;
  now?: () => Date;
  /** Milliseconds to wait for the `start` message after the WebSocket opens. */
  startTimeoutMs?: number;
}

export interface MediaStreamOptions {
  /** Browser demo: accept typed turns and send transcript/state events. */
  demo?: { customerId: string; onSession?: (session: CallSession) => void };
}

export interface VoiceRuntime {
  readonly tokens: StreamTokens;
  /** Runs one Media Streams connection. Attaches socket handlers synchronously; never throws. */
  handleMediaStream(socket: WebSocket, options?: MediaStreamOptions): Promise<CallSession | null>;
  /** Starts a session over any transport (tests, the bench). */
  startSession(transport: MediaTransport, grant: StreamGrant): Promise<CallSession | null>;
  session(callId: string): CallSession | undefined;
  readonly activeCalls: number;
  /** Waits (up to `graceMs`) for live calls to end on their own, e.g. before a deploy stops us. */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Demo side-channel events, in the format the browser client reads. */
function forwardDemoEvents(session: CallSession, transport: MediaTransport): void {
  session.on('user_transcript', (e) =>
    transport.sendEvent({ event: 'transcript', final: e.final, text: e.text }),
  );
  session.on('agent_reply', (e) => transport.sendEvent({ event: 'agent_text', text: e.text }));
  session.on('state_changed', (e) => transport.sendEvent({ event: 'state', state: e.state }));
  session.on('tool', (e) => transport.sendEvent({ event: 'tool', name: e.name, summary: e.summary }));
  session.on('failover', (e) =>
    transport.sendEvent({ event: 'failover', role: e.role, from: e.from, to: e.to }),
  );
  session.on('latency', (e) =>
    transport.sendEvent({
      event: 'latency',
      turn: e.turn,
      totalMs: e.totalMs,
      sttMs: e.sttMs,
      llmMs: e.llmMs,
      ttsMs: e.ttsMs,
    }),
  );
  session.on('closed', (e) => transport.sendEvent({ event: 'ended', reason: e.reason }));
}

/**
 * The voice side of the platform: providers, calendar and call control are injected; this builds
 * one CallSession per media stream (Twilio or browser demo) and keeps no state beyond the live
 * sessions of this process.
 */
export function createVoiceRuntime(deps: VoiceRuntimeDeps): VoiceRuntime {
  const tokens = new StreamTokens(deps.redis, deps.keyPrefix);
  const metrics: VoiceMetrics = createVoiceMetrics(deps.metrics);
  const sessions = new Map<string, CallSession>();
  const { ports } = deps;

  async function startSession(transport: MediaTransport, grant: StreamGrant): Promise<CallSession | null> {
    const log = deps.logger.child({ callId: grant.callId, customerId: grant.customerId });
    const business = await ports.loadProfile(grant.customerId);
    if (!business) {
      log.warn('media stream for a customer without a profile');
      transport.close();
      return null;
    }
    const session = new CallSession({
      call: {
        callId: grant.callId,
        callSid: grant.callSid,
        callType: grant.callType,
        callerNumber: grant.callerNumber,
        startedAt: Date.now(),
      },
      business,
      transport,
      providers: deps.providers,
      services: {
        calendar: ports.calendar,
        messages: ports.messages,
        callControl: grant.callType === 'phone' ? deps.callControl : null,
        searchDocuments: (query) => ports.searchDocuments(grant.customerId, query),
        now: deps.now,
      },
      writer: ports.recorder(grant, business, log),
      metrics,
      logger: deps.logger,
      options: deps.sessionOptions,
    });
    sessions.set(grant.callId, session);
    session.on('closed', () => sessions.delete(grant.callId));
    return session;
  }

  return {
    tokens,
    startSession,
    session: (callId) => sessions.get(callId),
    get activeCalls() {
      return sessions.size;
    },

    async handleMediaStream(socket, options = {}) {
      const demo = options.demo;
      const transport = new WebSocketTransport(socket, { logger: deps.logger, extensions: Boolean(demo) });
      try {
        const start = await transport.waitForStart(deps.startTimeoutMs ?? 10_000);
        const key = demo ? start.customParameters.ticket : start.customParameters.token;
        const grant = await tokens.consume(key);
        if (!grant || (demo && (grant.customerId !== demo.customerId || grant.callType !== 'demo'))) {
          deps.logger.warn(
            { streamSid: start.streamSid, demo: Boolean(demo) },
            'media stream with an invalid token closed',
          );
          transport.close(4401);
          return null;
        }
        const session = await startSession(transport, {
          ...grant,
          callSid: grant.callSid ?? (demo ? null : start.callSid),
        });
        if (!session) return null;
        if (demo) forwardDemoEvents(session, transport);
        demo?.onSession?.(session);
        await session.start();
        return session;
      } catch (error) {
        deps.logger.warn({ err: error }, 'media stream ended before a session started');
        transport.close(1011);
        return null;
      }
    },

    async drain(graceMs) {
      const deadline = Date.now() + graceMs;
      if (sessions.size > 0) deps.logger.info({ calls: sessions.size, graceMs }, 'draining live calls');
      while (sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },

    async close() {
      await Promise.allSettled([...sessions.values()].map((s) => s.close('shutdown')));
    },
  };
}
