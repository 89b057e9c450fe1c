import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TurnLatency } from './types.ts';

/** Per-turn timing marks (performance.now() ms), turned into a TurnLatency once audio starts. */
export class TurnClock {
  callerStoppedAt: number;
  finalAt: number;
  holdMs: number;
  llmRequestAt: number | null = null;
  llmFirstTokenAt: number | null = null;
  ttsFirstByteMs: number | null = null;
  firstAudioAt: number | null = null;

  constructor(marks: { callerStoppedAt: number; finalAt: number; holdMs: number }) {
    this.callerStoppedAt = marks.callerStoppedAt;
    this.finalAt = marks.finalAt;
    this.holdMs = marks.holdMs;
  }

  result(): TurnLatency | null {
    if (this.firstAudioAt === null) return null;
    return {
      totalMs: round(this.firstAudioAt - this.callerStoppedAt),
      sttMs: round(Math.max(0, this.finalAt - this.callerStoppedAt)),
      holdMs: this.holdMs,
      llmMs:
        this.llmRequestAt !== null && this.llmFirstTokenAt !== null
          ? round(this.llmFirstTokenAt - this.llmRequestAt)
          : null,
      ttsMs: this.ttsFirstByteMs === null ? null : round(this.ttsFirstByteMs),
    };
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The voice metrics, registered once per registry (several runtimes may share one in tests).
 * Failover switches are counted by the provider chains (voice_provider_failovers_total).
 */
export interface VoiceMetrics {
  turnLatency: Histogram<'stage'>;
  bargeIns: Counter<'kind'>;
  activeCalls: { inc(): void; dec(): void };
  observe(latency: TurnLatency): void;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createVoiceMetrics(registry: Registry): VoiceMetrics {
  const turnLatency = reuse(
    registry,
    'voice_turn_latency_seconds',
    () =>
      new Histogram({
        name: 'voice_turn_latency_seconds',
        help: 'Per-turn latency: total = caller stopped → first agent audio; stt, llm (first token), tts (first byte)',
        labelNames: ['stage'],
        buckets: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5],
        registers: [registry],
      }),
  );
  const bargeIns = reuse(
    registry,
    'voice_barge_ins_total',
    () =>
      new Counter({
        name: 'voice_barge_ins_total',
        help: 'Caller speech over the agent: interrupted, or ignored as backchannel/noise',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const active = reuse(
    registry,
    'voice_active_calls',
    () => new Gauge({ name: 'voice_active_calls', help: 'Calls in progress', registers: [registry] }),
  );
  return {
    turnLatency,
    bargeIns,
    activeCalls: active,
    observe(latency) {
      turnLatency.observe({ stage: 'total' }, latency.totalMs / 1000);
      turnLatency.observe({ stage: 'stt' }, latency.sttMs / 1000);
      if (latency.llmMs !== null) turnLatency.observe({ stage: 'llm' }, latency.llmMs / 1000);
      if (latency.ttsMs !== null) turnLatency.observe({ stage: 'tts' }, latency.ttsMs / 1000);
    },
  };
}
