import type { SttEvent } from '../providers/stt/types.ts';
import { isBackchannel, shouldInterrupt } from './barge-in.ts';
import { Endpointer } from './endpointing.ts';
import type { SessionOptions } from './types.ts';

export interface CallerInputHooks {
  /** Agent audio is queued or unacknowledged, and may be interrupted. */
  agentAudible(): boolean;
  agentInterruptible(): boolean;
  interrupt(): void;
  /** Caller sound over the agent that was not an interruption. */
  ignored(kind: 'backchannel' | 'noise'): void;
  transcript(text: string, final: boolean): void;
  /** Any sign of the caller (resets silence handling). */
  heard(): void;
  /** The caller finished a turn. */
  turn(text: string, confidence: number | null): void;
}

/**
 * Turns STT events and voiced frames into caller turns and barge-in decisions: an utterance over
 * the agent interrupts it once it is long or wordy enough and not a backchannel; a final that is
 * only a backchannel is dropped; otherwise the endpointer decides when the turn is over.
 */
export class CallerInput {
  readonly endpointer: Endpointer;
  private readonly hooks: CallerInputHooks;
  private readonly bargeIn: { minMs: number; minWords: number };
  private utterance: { voicedFrames: number; text: string } | null = null;

  constructor(options: SessionOptions, hooks: CallerInputHooks) {
    this.hooks = hooks;
    this.bargeIn = { minMs: options.bargeInMinMs, minWords: options.bargeInMinWords };
    this.endpointer = new Endpointer(options, (text, confidence) => hooks.turn(text, confidence));
  }

  /** A caller frame our VAD judged voiced. */
  voicedFrame(): void {
    if (!this.utterance) return;
    this.utterance.voicedFrames++;
    this.considerBargeIn();
  }

  event(event: SttEvent, now: number): void {
    switch (event.type) {
      case 'speech_started':
        this.utterance = { voicedFrames: 0, text: '' };
        this.endpointer.speechStarted();
        this.hooks.heard();
        return;
      case 'interim':
        this.utterance ??= { voicedFrames: 0, text: '' };
        this.utterance.text = event.text;
        this.hooks.transcript(event.text, false);
        this.hooks.heard();
        this.considerBargeIn();
        return;
      case 'final': {
        const text = event.text.trim();
        if (text && this.hooks.agentAudible()) {
          const voicedMs = (this.utterance?.voicedFrames ?? 0) * 20;
          if (!shouldInterrupt({ voicedMs, text }, this.bargeIn)) {
            // "uh-huh" over the agent means "go on", not a turn.
            this.hooks.ignored(isBackchannel(text) ? 'backchannel' : 'noise');
            return;
          }
          this.hooks.interrupt();
        }
        if (text) this.hooks.transcript(text, true);
        this.endpointer.final(text, event.confidence, event.endOfUtterance, now);
        return;
      }
      case 'speech_ended':
        this.utterance = null;
        this.endpointer.speechEnded(now);
    }
  }

  private considerBargeIn(): void {
    if (!this.utterance || !this.hooks.agentAudible() || !this.hooks.agentInterruptible()) return;
    const voicedMs = this.utterance.voicedFrames * 20;
    if (shouldInterrupt({ voicedMs, text: this.utterance.text }, this.bargeIn)) this.hooks.interrupt();
  }

  cancel(): void {
    this.endpointer.cancel();
  }
}
