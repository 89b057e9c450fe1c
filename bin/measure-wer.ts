/**
 * Word error rate of the local offline STT (VAD + PocketSphinx) on telephone audio.
 *
 * No recordings of real voices ship with the packages available here, so the test set is
 * synthesized: receptionist-style sentences spoken by espeak-ng in two voices, converted by sox to
 * 8 kHz μ-law exactly as a phone call carries it, then streamed frame by frame through LocalStt.
 * WER = (substitutions + deletions + insertions) / reference words, over the whole set.
 *
 *   npm run measure:wer            (about 30 s on 2 cores)
 *   npm run measure:wer -- --quick (4 sentences, one voice)
 */
import { toFrames } from '../voice/audio/tone.ts';
import { LocalStt } from '../voice/providers/stt/local.ts';
import { LocalTts } from '../voice/providers/tts/local.ts';
import { defineCli, parseCli } from './support/cli-args.ts';

const SENTENCES = [
  'i would like to book a cleaning next tuesday at three pm',
  'what time do you open on saturday',
  'can i speak to someone about my bill',
  'my name is john smith',
  'do you have anything available tomorrow morning',
  'i need to cancel my appointment',
  'how much does a consultation cost',
  'please call me back on my mobile',
  'where are you located',
  'is the doctor in today',
  'yes that time works for me',
  'no thank you goodbye',
];
const VOICES = ['en-us', 'en-gb'];

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Word-level edit distance. */
function editDistance(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

async function transcribe(stt: LocalStt, audio: Buffer): Promise<string> {
  const stream = stt.stream({ signal: new AbortController().signal });
  const texts: string[] = [];
  const done = (async () => {
    for await (const event of stream) if (event.type === 'final') texts.push(event.text);
  })();
  const silence = Buffer.alloc(4000, 0xff);
  for (const frame of toFrames(Buffer.concat([silence, audio, silence]))) stream.push(frame);
  await stream.end();
  await done;
  return texts.join(' ');
}

const args = parseCli(
  defineCli({
    command: 'npm run measure:wer --',
    summary:
      'Word error rate of the offline STT (VAD + PocketSphinx) on espeak-ng sentences sent as 8 kHz μ-law, as a phone call carries them (needs espeak-ng, sox, pocketsphinx).',
    options: { quick: { type: 'boolean', description: '4 sentences in one voice instead of 12 in two' } },
  }),
);
const quick = args.quick;
const sentences = quick ? SENTENCES.slice(0, 4) : SENTENCES;
const voices = quick ? VOICES.slice(0, 1) : VOICES;
const tts = new LocalTts();
const stt = new LocalStt();
let errors = 0;
let total = 0;
let exact = 0;
const started = Date.now();
for (const voice of voices) {
  for (const sentence of sentences) {
    const parts: Buffer[] = [];
    for await (const chunk of tts.synthesize(sentence, { signal: new AbortController().signal, voice }))
      parts.push(chunk);
    const hypothesis = await transcribe(stt, Buffer.concat(parts));
    const reference = words(sentence);
    const distance = editDistance(reference, words(hypothesis));
    errors += distance;
    total += reference.length;
    if (distance === 0) exact += 1;
    console.log(
      `${voice}\t${((100 * distance) / reference.length).toFixed(0).padStart(3)}%\t"${sentence}" -> "${hypothesis}"`,
    );
  }
}
const runs = voices.length * sentences.length;
console.log(
  `\nlocal STT (PocketSphinx en-us, 8 kHz μ-law upsampled to 16 kHz): WER ${((100 * errors) / total).toFixed(1)}% ` +
    `over ${total} words in ${runs} utterances (${exact} exact), ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
