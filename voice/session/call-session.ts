import type { Logger } from 'pino';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import { greetingFor } from '../agent/persona.ts';
import { TOOLS } from '../agent/tools/manifest.ts';
import type { AgentTool } from '../agent/tools/tool.ts';
import type { ChatMessage } from '../providers/llm/types.ts';
import type { SttStream } from '../providers/stt/types.ts';
import type { MediaTransport, TransportEvent } from '../transport/media-transport.ts';
import { type AgentTurnHost, playAgentTurn } from './agent-turn.ts';
import { type EndingHost, endCallWithGoodbye, onCallerSilence, transferCall } from './call-endings.ts';
import { CallLedger } from './call-ledger.ts';
import { CallerAudio } from './caller-audio.ts';
import { CallerInput } from './caller-input.ts';
import { DigitCollector } from './dtmf.ts';
import { SessionEmitter, type SessionEvents } from './events.ts';
import { withFailoverListener } from './failover-scope.ts';
import { TurnClock, type VoiceMetrics } from './latency.ts';
import { Playout, type Utterance } from './playout.ts';
import { SilenceWatch } from './silence.ts';
import { ActiveTurn, emptyRecord } from './turn-state.ts';
import {
  type AgentState,
  type CallInfo,
  type CallSummary,
  DEFAULT_SESSION_OPTIONS,
  type FailoverNotice,
  type SessionOptions,
  type SessionProviders,
  type SessionServices,
  type TurnWriter,
} from './types.ts';

export interface CallSessionInit {
  call: CallInfo;
  business: BusinessProfile;
  transport: MediaTransport;
  providers: SessionProviders;
  services: SessionServices;
  writer: TurnWriter;
  metrics: VoiceMetrics;
  logger: Logger;
  options?: Partial<SessionOptions>;
  tools?: ReadonlyMap<string, AgentTool>;
}

/**
 * One phone call (or browser demo): caller audio in, agent audio out, through one transport.
 * No global state; closing aborts every piece of in-flight work. Turn-taking, playout, barge-in,
 * silence and latency live in their own modules; this class routes events between them.
 */
export class CallSession {
  readonly call: CallInfo;
  readonly business: BusinessProfile;
  private readonly init: CallSessionInit;
  private readonly options: SessionOptions;
  private readonly emitter = new SessionEmitter();
  private readonly log: Logger;
  private readonly playout: Playout;
  private readonly input: CallerInput;
  private readonly silence: SilenceWatch;
  private readonly lifetime = new AbortController();
  private stt: SttStream | null = null;
  private sttLabel: string | null = null;
  private history: ChatMessage[] = [];
  private current: ActiveTurn | null = null;
  private systemTurn: ActiveTurn | null = null;
  private recordIndex = 0;
  private stateValue: AgentState = 'listening';
  private readonly callerAudio = new CallerAudio();
  private readonly digits: DigitCollector;
  private pendingFailovers: FailoverNotice[] = [];
  private maxTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private readonly ledger = new CallLedger();
  private turnDone: Promise<void> = Promise.resolve();
  /** Settles once the turn in flight has handed its record to the writer (see shutdown). */
  private turnPersisted: Promise<void> = Promise.resolve();

  constructor(init: CallSessionInit) {
    this.init = init;
    this.call = init.call;
    this.business = init.business;
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...init.options };
    this.log = init.logger.child({ callId: init.call.callId });
    this.playout = new Playout(
      init.transport,
      init.providers.tts,
      { chunkBytes: this.options.outboundChunkBytes, drainGraceMs: this.options.drainGraceMs },
      {
        onUtteranceStart: (u, ttsMs) => this.onUtteranceStart(u, ttsMs),
        onSynthesisError: (error) => this.reportError(error, 'tts'),
      },
    );
    this.input = new CallerInput(this.options, {
      // A turn already cut by barge-in does not count as audible any more.
      agentAudible: () => this.playout.busy && !this.current?.interrupted,
      agentInterruptible: () => this.playout.interruptible,
      interrupt: () => this.interrupt(),
      ignored: (kind) => this.init.metrics.bargeIns.inc({ kind }),
      transcript: (text, final) => this.emitter.emit('user_transcript', { text, final }),
      heard: () => this.silence.reset(),
      turn: (text, confidence) => this.startTurn(text, confidence, 'voice'),
    });
    this.digits = new DigitCollector(
      this.options.digitHoldMs,
      () => void this.transfer(),
      (digits) => this.startTurn(digits, 1, 'dtmf'),
    );
    this.silence = new SilenceWatch(
      { afterMs: this.options.silenceRepromptMs, maxReprompts: this.options.maxSilenceReprompts },
      (nth, final) => void onCallerSilence(this.endings(), nth, final),
    );
  }

  on<K extends keyof SessionEvents>(event: K, listener: (payload: SessionEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  get state(): AgentState {
    return this.stateValue;
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /** Opens STT, greets the caller and starts listening. */
  async start(): Promise<void> {
    this.init.metrics.activeCalls.inc();
    const stream = this.scoped(() =>
      this.init.providers.stt.stream({
        signal: this.lifetime.signal,
        keywords: [this.business.businessName, ...this.business.services.map((s) => s.name)],
      }),
    );
    this.stt = stream;
    this.sttLabel = this.stt.provider;
    this.ledger.used('stt', this.stt.provider);
    void this.scoped(() => this.consumeStt(stream));
    this.init.transport.onEvent((event) => this.onTransport(event));
    this.maxTimer = setTimeout(
      () => void endCallWithGoodbye(this.endings(), 'max_duration'),
      this.options.maxCallMs,
    );
    this.maxTimer.unref?.();
    const greeting = greetingFor(this.business);
    await this.say(greeting, { interruptible: true });
  }

  /** Speaks a line outside a model turn (greeting, reprompt, goodbye); resolves once heard. */
  say(text: string, options: { interruptible: boolean }): Promise<void> {
    return this.scoped(() => this.speakLine(text, options));
  }

  /** Runs provider work inside this call's failover scope (switches are attributed to this call). */
  private scoped<T>(fn: () => T): T {
    return withFailoverListener((notice) => this.onFailover(notice), fn);
  }

  private async speakLine(text: string, options: { interruptible: boolean }): Promise<void> {
    if (this.closing) return;
    const turn = new ActiveTurn(-1, null);
    this.systemTurn = turn;
    this.silence.disarm();
    await this.playout.speak(turn.utterance(text, -1, options.interruptible), turn.controller.signal);
    await this.playout.drained();
    if (this.systemTurn === turn) this.systemTurn = null;
    const heard = turn.heard();
    if (heard) {
      this.history.push({ role: 'assistant', content: heard });
      this.ledger.said('agent', heard);
    }
    this.persist({
      ...emptyRecord(this.recordIndex++),
      agentText: heard,
      agentAudio: turn.heardAudio(),
      interrupted: turn.interrupted,
      ttsProvider: this.init.providers.tts.label,
    });
    if (!this.current && !this.closing) this.becomeListening();
  }

  /** Barge-in: stop playback at the far end now, cancel the turn's LLM and TTS work. */
  interrupt(): void {
    const turn = this.current ?? this.systemTurn;
    if (turn) {
      turn.interrupted = true;
      turn.controller.abort();
    }
    this.playout.interrupt();
    this.init.metrics.bargeIns.inc({ kind: 'interrupted' });
    this.setState('listening');
  }

  private onTransport(event: TransportEvent): void {
    switch (event.type) {
      case 'media':
        this.stt?.push(event.frame);
        if (this.callerAudio.keep(event.frame)) this.input.voicedFrame();
        return;
      case 'mark':
        this.playout.acknowledge(event.name);
        return;
      case 'dtmf':
        this.onDtmf(event.digit);
        return;
      case 'text':
        this.silence.reset();
        this.emitter.emit('user_transcript', { text: event.text, final: true });
        this.startTurn(event.text, null, 'text');
        return;
      case 'stop':
      case 'closed':
        void this.close('caller_hangup');
    }
  }

  private async consumeStt(stream: SttStream): Promise<void> {
    try {
      for await (const event of stream) {
        if (stream.provider !== this.sttLabel) {
          this.onFailover({ role: 'stt', from: this.sttLabel ?? 'none', to: stream.provider });
          this.sttLabel = stream.provider;
          this.ledger.used('stt', stream.provider);
        }
        this.input.event(event, performance.now());
      }
    } catch (error) {
      if (!this.closing) this.reportError(error, 'stt');
    }
  }

  private startTurn(text: string, confidence: number | null, source: 'voice' | 'text' | 'dtmf'): void {
    if (this.closing) return;
    if (this.current || this.systemTurn) this.interrupt();
    // The interrupted turn settles its (truncated) history first, so the new turn sees it in order.
    const previous = this.turnDone;
    const run = previous.then(() => this.scoped(() => this.runAgentTurn(text, confidence, source)));
    this.turnDone = run.catch((error) => this.reportError(error, 'turn'));
  }

  private async runAgentTurn(text: string, confidence: number | null, source: 'voice' | 'text' | 'dtmf') {
    const now = performance.now();
    const clock = new TurnClock({
      callerStoppedAt:
        source === 'voice' ? this.callerAudio.stoppedAt(this.input.endpointer.stoppedAt ?? now) : now,
      finalAt: source === 'voice' ? (this.input.endpointer.finalAt ?? now) : now,
      holdMs: source === 'voice' ? this.input.endpointer.holdMs : 0,
    });
    const turn = new ActiveTurn(this.recordIndex++, clock);
    turn.failovers.push(...this.pendingFailovers.splice(0));
    this.current = turn;
    let persisted = () => {};
    this.turnPersisted = new Promise<void>((resolve) => {
      persisted = resolve;
    });
    this.silence.disarm();
    this.setState('thinking');
    const audio = this.callerAudio.take();
    this.ledger.said('caller', text);
    this.ledger.used('llm', this.init.providers.llm.label);
    try {
      const record = await playAgentTurn(this.turnHost(), turn, {
        text,
        confidence,
        source,
        audio: source === 'voice' ? audio : null,
      });
      if (record.agentText) this.ledger.said('agent', record.agentText);
      this.persist(record);
    } finally {
      persisted();
    }
    if (this.current === turn) this.current = null;
    const action = turn.interrupted ? undefined : turn.outcomes.find((o) => o.action)?.action;
    if (action === 'end_call') return this.close('completed');
    if (action === 'transfer') return this.transfer();
    if (!this.current && !this.closing) this.becomeListening();
  }

  private turnHost(): AgentTurnHost {
    return {
      call: this.call,
      business: this.business,
      options: this.options,
      providers: this.init.providers,
      services: this.init.services,
      tools: this.init.tools ?? TOOLS,
      history: this.history,
      playout: this.playout,
      emitter: this.emitter,
      metrics: this.init.metrics,
      sttLabel: this.sttLabel,
      onToolOutcome: (outcome) => this.ledger.toolOutcome(outcome),
      reportError: (error, where) => this.reportError(error, where),
    };
  }

  private onUtteranceStart(u: Utterance, ttsMs: number): void {
    const clock = this.current?.no === u.turn ? this.current.clock : null;
    if (clock && clock.firstAudioAt === null) {
      clock.firstAudioAt = performance.now();
      clock.ttsFirstByteMs = ttsMs;
    }
    this.setState('speaking');
    this.emitter.emit('agent_reply', { text: u.text });
  }

  private onDtmf(digit: string): void {
    this.silence.reset();
    this.digits.press(digit);
  }

  private endings(): EndingHost {
    return {
      business: this.business,
      callSid: this.call.callSid,
      callControl: this.init.services.callControl,
      busy: () => this.current !== null || this.playout.busy,
      closed: () => this.closing !== null,
      say: (text, options) => this.say(text, options),
      stopAgent: () => {
        if (this.current || this.systemTurn) this.interrupt();
      },
      close: (reason) => this.close(reason),
      reportError: (error, where) => this.reportError(error, where),
    };
  }

  private transfer(): Promise<void> {
    return transferCall(this.endings());
  }

  private becomeListening(): void {
    this.setState('listening');
    this.silence.arm();
  }

  private setState(state: AgentState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.emitter.emit('state_changed', { state });
  }

  private onFailover(notice: FailoverNotice): void {
    if (notice.role === 'stt') this.sttLabel = notice.to;
    this.ledger.used(notice.role, notice.to);
    (this.current?.failovers ?? this.pendingFailovers).push(notice);
    this.log.warn({ role: notice.role, from: notice.from, to: notice.to }, 'provider failover during call');
    this.emitter.emit('failover', notice);
  }

  private persist(record: Parameters<TurnWriter['turn']>[0]): void {
    try {
      this.init.writer.turn(record);
    } catch (error) {
      this.reportError(error, 'persist');
    }
  }

  private reportError(error: unknown, where: string): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.log.error({ err, where }, 'call session error');
    this.emitter.emit('error', { error: err, where });
  }

  /** Ends the call: aborts all work, closes STT and the transport, finalises the call log. */
  close(reason: string): Promise<void> {
    this.closing ??= this.shutdown(reason);
    return this.closing;
  }

  private async shutdown(reason: string): Promise<void> {
    this.current?.controller.abort();
    this.systemTurn?.controller.abort();
    this.lifetime.abort();
    this.input.cancel();
    this.silence.disarm();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.digits.cancel();
    this.playout.dispose();
    await this.stt?.end().catch(() => {});
    // A turn cut short by the hang-up still belongs to the call: let it reach the writer first
    // (bounded, in case the turn itself is what is closing the call).
    await Promise.race([this.turnPersisted, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    this.init.metrics.activeCalls.dec();
    this.ledger.used('tts', this.init.providers.tts.label);
    try {
      await this.init.writer.finish(this.ledger.summary(reason, this.call));
    } catch (error) {
      this.reportError(error, 'finish');
    }
    this.emitter.emit('closed', { reason });
    // Last, so listeners could still tell the far end (the demo's `ended` event).
    this.init.transport.close();
  }

  /** The conversation so far (for the demo's end response and tests). */
  transcriptSoFar(): CallSummary['transcript'] {
    return this.ledger.transcript();
  }

  /** The model's view of the conversation (tests assert barge-in truncation on it). */
  historySoFar(): ChatMessage[] {
    return structuredClone(this.history);
  }
}
