/**
 * AudioWorklet processor (runs on the audio thread): microphone samples at the context rate →
 * low-passed 8 kHz → μ-law → 160-byte frames (20 ms) posted to the main thread, which sends them
 * as Twilio `media` messages. Bundled on its own by Vite (`?worker&url`), imports included.
 */
import { FrameAssembler } from './frame-assembler.ts';
import { floatToMulaw, TELEPHONE_RATE } from './mulaw.ts';
import { Downsampler } from './resampler.ts';

// The AudioWorkletGlobalScope is not part of TypeScript's DOM library.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

export const CAPTURE_PROCESSOR = 'demo-capture';

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly downsampler = new Downsampler(sampleRate, TELEPHONE_RATE);
  private readonly frames = new FrameAssembler();

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel && channel.length > 0) {
      const bytes = floatToMulaw(this.downsampler.process(channel));
      for (const frame of this.frames.push(bytes)) this.port.postMessage(frame, [frame.buffer]);
    }
    // Keep running while the track is connected, even through silent inputs.
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
