import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, pcm16ToBytes } from '../../../lib/wav.ts';
import { mulawToPcm16 } from '../../audio/mulaw.ts';
import { upsample8kTo16k } from '../../audio/resample.ts';
import { EnergyVad, type VadOptions } from '../../audio/vad.ts';
import { AsyncQueue } from '../async-queue.ts';
import { engineError, exited, spawnEngine } from '../child-process.ts';
import { ProviderError } from '../errors.ts';
import type { SttEvent, SttProvider, SttStream, SttStreamOptions } from './types.ts';

export interface LocalSttOptions {
  /** CMU PocketSphinx batch recogniser (Debian `pocketsphinx` + `pocketsphinx-en-us`). */
  command?: string;
  vad?: VadOptions;
  /** Audio kept from before the VAD triggered, so the first phoneme is not cut (default 200 ms). */
  preRollMs?: number;
}

/** Recognises one utterance (8 kHz μ-law) with PocketSphinx; returns the text ('' for nothing). */
export async function recognizeUtterance(
  mulaw: Buffer,
  command: string,
  signal: AbortSignal,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'local-stt-'));
  try {
    const file = join(dir, 'utterance.wav');
    // The en-us acoustic model is 16 kHz; telephone audio is upsampled (no new information, but the
    // model's filterbank expects that rate).
    const pcm = upsample8kTo16k(mulawToPcm16(mulaw));
    await writeFile(
      file,
      encodeWav({ format: 'pcm16', sampleRate: 16000, channels: 1, data: pcm16ToBytes(pcm) }),
    );
    const child = spawnEngine(command, ['-infile', file, '-logfn', '/dev/null']);
    const kill = () => child.kill('SIGKILL');
    signal.addEventListener('abort', kill, { once: true });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    try {
      const code = await exited(child);
      if (signal.aborted) throw new ProviderError('local', 'aborted', 'aborted');
      if (code !== 0) throw new ProviderError('local', 'server', `${command} exited ${code}`);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw engineError('local', command, error);
    } finally {
      signal.removeEventListener('abort', kill);
    }
    return out.replace(/\s+/g, ' ').trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Offline last-resort STT: our energy VAD cuts the caller audio into utterances and PocketSphinx
 * recognises each one after it ends (no interim results). Accuracy on telephone audio is poor (see
 * docs/benchmarks.md); it exists so a call never goes deaf, not as a primary engine.
 */
export class LocalStt implements SttProvider {
  readonly label = 'local';
  readonly capabilities = { streaming: false, interimResults: false };
  private readonly options: LocalSttOptions;

  constructor(options: LocalSttOptions = {}) {
    this.options = options;
  }

  stream(options: SttStreamOptions): SttStream {
    return new LocalSttStream(this.label, this.options, options.signal);
  }

  async probe(signal: AbortSignal): Promise<void> {
    await recognizeUtterance(
      Buffer.alloc(1600, 0xff),
      this.options.command ?? 'pocketsphinx_continuous',
      signal,
    );
  }
}

class LocalSttStream implements SttStream {
  readonly provider: string;
  readonly ready = Promise.resolve();
  private readonly queue = new AsyncQueue<SttEvent>();
  private readonly vad: EnergyVad;
  private readonly command: string;
  private readonly preRollFrames: number;
  private preRoll: Buffer[] = [];
  private utterance: Buffer[] = [];
  private work: Promise<void> = Promise.resolve();
  private ended = false;
  private readonly signal: AbortSignal;

  constructor(provider: string, options: LocalSttOptions, signal: AbortSignal) {
    this.provider = provider;
    this.vad = new EnergyVad(options.vad);
    this.command = options.command ?? 'pocketsphinx_continuous';
    this.preRollFrames = Math.ceil((options.preRollMs ?? 200) / 20);
    this.signal = signal;
    signal.addEventListener('abort', () => this.queue.end(), { once: true });
  }

  push(frame: Buffer): void {
    if (this.ended || this.queue.closed) return;
    const event = this.vad.process(frame);
    if (event?.type === 'speech_start') {
      this.utterance = [...this.preRoll];
      this.queue.push({ type: 'speech_started', atMs: event.atMs });
    }
    if (this.vad.speaking || event?.type === 'speech_end') this.utterance.push(frame);
    else {
      this.preRoll.push(frame);
      if (this.preRoll.length > this.preRollFrames) this.preRoll.shift();
    }
    if (event?.type === 'speech_end') {
      this.queue.push({ type: 'speech_ended', atMs: event.atMs });
      this.recognizeCurrent();
    }
  }

  flush(): void {
    if (this.vad.speaking) {
      this.vad.reset();
      this.recognizeCurrent();
    }
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.vad.speaking) this.recognizeCurrent();
    await this.work;
    this.queue.end();
  }

  private recognizeCurrent(): void {
    const audio = Buffer.concat(this.utterance);
    const audioEndMs = this.vad.timeMs;
    this.utterance = [];
    this.preRoll = [];
    if (audio.length === 0) return;
    this.work = this.work.then(async () => {
      if (this.signal.aborted || this.queue.closed) return;
      try {
        const text = await recognizeUtterance(audio, this.command, this.signal);
        if (text) this.queue.push({ type: 'final', text, confidence: 0.5, endOfUtterance: true, audioEndMs });
      } catch (error) {
        if (!this.signal.aborted) this.queue.fail(error);
      }
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<SttEvent> {
    return this.queue[Symbol.asyncIterator]();
  }
}
