import type { MediaTransport, TransportEvent } from '../transport/media-transport.ts';
import { decodeSpeech } from './speech-code.ts';

/**
 * An in-process MediaTransport: the test (or the bench) plays the caller. Marks are acknowledged
 * after `ackDelayMs` (0 = next tick, "played instantly"); `clear` returns pending marks unplayed.
 */
export class LoopbackTransport implements MediaTransport {
  readonly audio: Buffer[] = [];
  readonly events: Record<string, unknown>[] = [];
  clears = 0;
  private listener: ((event: TransportEvent) => void) | null = null;
  private pending: TransportEvent[] = [];
  private outstanding = new Map<string, NodeJS.Timeout>();
  private isClosed = false;
  private readonly ackDelayMs: number;
  /** Called with each agent audio chunk as it is sent (latency probes). */
  onAudio: ((chunk: Buffer) => void) | null = null;

  constructor(options: { ackDelayMs?: number } = {}) {
    this.ackDelayMs = options.ackDelayMs ?? 0;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  sendAudio(chunk: Buffer): void {
    if (this.isClosed) return;
    this.audio.push(chunk);
    this.onAudio?.(chunk);
  }

  sendMark(name: string): void {
    if (this.isClosed) return;
    const timer = setTimeout(() => {
      this.outstanding.delete(name);
      this.emit({ type: 'mark', name });
    }, this.ackDelayMs);
    this.outstanding.set(name, timer);
  }

  clear(): void {
    this.clears++;
    for (const [name, timer] of this.outstanding) {
      clearTimeout(timer);
      this.emit({ type: 'mark', name });
    }
    this.outstanding.clear();
  }

  sendEvent(event: Record<string, unknown>): void {
    this.events.push(event);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const timer of this.outstanding.values()) clearTimeout(timer);
    this.outstanding.clear();
  }

  onEvent(listener: (event: TransportEvent) => void): void {
    this.listener = listener;
    for (const e of this.pending.splice(0)) listener(e);
  }

  /** The caller side. */
  emit(event: TransportEvent): void {
    if (this.listener) this.listener(event);
    else this.pending.push(event);
  }

  sendCallerAudio(audio: Buffer): void {
    for (let i = 0; i < audio.length; i += 160)
      this.emit({ type: 'media', frame: audio.subarray(i, i + 160) });
  }

  /** Agent sentences sent so far (from the fake TTS audio). */
  spoken(): string[] {
    return decodeSpeech(Buffer.concat(this.audio));
  }
}
