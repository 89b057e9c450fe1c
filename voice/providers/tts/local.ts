import type { Readable } from 'node:stream';
import { engineError, exited, spawnEngine } from '../child-process.ts';
import { ProviderError } from '../errors.ts';
import type { TtsProvider } from './types.ts';

export interface LocalTtsOptions {
  espeakPath?: string;
  soxPath?: string;
  /** espeak-ng voice, e.g. `en-us`. */
  voice?: string;
  /** Words per minute (espeak default 175; a little slower is clearer on the phone). */
  wordsPerMinute?: number;
}

/**
 * Offline TTS: espeak-ng writes a WAV to its stdout, sox turns it into raw 8 kHz μ-law, and the
 * bytes are yielded as sox produces them. Text goes in on stdin, never as an argument, so caller-
 * influenced text cannot become a command-line option.
 */
export class LocalTts implements TtsProvider {
  readonly label = 'local';
  readonly encoding = 'mulaw' as const;
  readonly sampleRate = 8000 as const;
  private readonly options: LocalTtsOptions;

  constructor(options: LocalTtsOptions = {}) {
    this.options = options;
  }

  async *synthesize(text: string, options: { signal: AbortSignal; voice?: string }): AsyncIterable<Buffer> {
    const { signal } = options;
    if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
    const espeakPath = this.options.espeakPath ?? 'espeak-ng';
    const soxPath = this.options.soxPath ?? 'sox';
    const espeak = spawnEngine(espeakPath, [
      '--stdin',
      '--stdout',
      '-v',
      options.voice ?? this.options.voice ?? 'en-us',
      '-s',
      String(this.options.wordsPerMinute ?? 160),
    ]);
    const sox = spawnEngine(soxPath, [
      '-q',
      '-t',
      'wav',
      '-',
      '-r',
      '8000',
      '-c',
      '1',
      '-e',
      'mu-law',
      '-t',
      'raw',
      '-',
    ]);
    const kill = () => {
      espeak.kill('SIGKILL');
      sox.kill('SIGKILL');
    };
    signal.addEventListener('abort', kill, { once: true });
    const espeakDone = exited(espeak);
    const soxDone = exited(sox);
    // Handled here at once (awaited later), so a spawn failure is never an unhandled rejection.
    espeakDone.catch(() => sox.kill('SIGKILL'));
    soxDone.catch(() => {});
    espeak.stdout!.pipe(sox.stdin!);
    espeak.stdin!.end(`${text.replace(/\s+/g, ' ').trim()}\n`);
    try {
      for await (const chunk of sox.stdout as Readable) {
        if (signal.aborted) break;
        yield chunk as Buffer;
      }
      if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
      let espeakCode: number | null;
      let soxCode: number | null;
      try {
        espeakCode = await espeakDone;
      } catch (error) {
        throw engineError(this.label, espeakPath, error);
      }
      try {
        soxCode = await soxDone;
      } catch (error) {
        throw engineError(this.label, soxPath, error);
      }
      if (espeakCode !== 0 || soxCode !== 0) {
        throw new ProviderError(
          this.label,
          'server',
          `espeak-ng exited ${espeakCode}, sox exited ${soxCode}`,
        );
      }
    } finally {
      signal.removeEventListener('abort', kill);
      kill();
    }
  }

  async probe(signal: AbortSignal): Promise<void> {
    for await (const _chunk of this.synthesize('OK.', { signal })) return;
  }
}
