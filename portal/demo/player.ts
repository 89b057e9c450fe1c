import { mulawToFloat, TELEPHONE_RATE } from './mulaw.ts';
import { PlayoutSchedule } from './playout-schedule.ts';

/** How often due marks are checked: one Twilio frame. */
const MARK_POLL_MS = 20;

/**
 * Plays the agent's μ-law audio gap-free: each chunk becomes an 8 kHz AudioBuffer (the context
 * resamples it) scheduled back to back on the AudioContext clock by PlayoutSchedule. Marks are
 * reported through `onMarkPlayed` only once the audio before them has actually been heard.
 */
export class AgentAudioPlayer {
  private readonly context: AudioContext;
  private readonly schedule = new PlayoutSchedule();
  private readonly onMarkPlayed: (name: string) => void;
  private readonly sources = new Set<AudioBufferSourceNode>();
  private readonly output: GainNode;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(context: AudioContext, onMarkPlayed: (name: string) => void) {
    this.context = context;
    this.onMarkPlayed = onMarkPlayed;
    this.output = context.createGain();
    this.output.connect(context.destination);
    this.timer = setInterval(() => this.reportDueMarks(), MARK_POLL_MS);
  }

  /** The clock of what the listener hears now (the output device adds its own latency). */
  private now(): number {
    return Math.max(0, this.context.currentTime - (this.context.outputLatency || 0));
  }

  enqueue(mulaw: Uint8Array): void {
    if (mulaw.length === 0) return;
    const samples = mulawToFloat(mulaw);
    const buffer = this.context.createBuffer(1, samples.length, TELEPHONE_RATE);
    buffer.copyToChannel(samples, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.output);
    source.onended = () => this.sources.delete(source);
    this.sources.add(source);
    source.start(this.schedule.schedule(buffer.duration, this.context.currentTime));
  }

  mark(name: string): void {
    this.schedule.mark(name, this.context.currentTime);
    this.reportDueMarks();
  }

  /** Barge-in: silence at once and acknowledge every pending mark, as Twilio does on `clear`. */
  clear(): void {
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // Not started yet or already stopped: nothing to silence.
      }
      source.disconnect();
    }
    this.sources.clear();
    for (const name of this.schedule.clear()) this.onMarkPlayed(name);
  }

  get underruns(): number {
    return this.schedule.underruns;
  }

  private reportDueMarks(): void {
    for (const name of this.schedule.due(this.now())) this.onMarkPlayed(name);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
    this.output.disconnect();
  }
}
