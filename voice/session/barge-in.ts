/**
 * Whether caller sound over the agent is a real interruption. Coughs and noises are short; "uh-huh",
 * "yeah", "okay" are backchannels that mean "go on", so neither stops the agent.
 */
const BACKCHANNEL = new Set([
  'uh-huh',
  'uh huh',
  'uhhuh',
  'mm-hmm',
  'mhm',
  'mm',
  'hmm',
  'mmhmm',
  'yeah',
  'yep',
  'yes',
  'ok',
  'okay',
  'right',
  'sure',
  'alright',
  'all right',
  'i see',
  'got it',
  'uh',
  'um',
  'ah',
  'oh',
]);

export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** True when the whole utterance is backchannel ("uh-huh", "yeah okay"). */
export function isBackchannel(text: string): boolean {
  const words = normalizeWords(text);
  if (words.length === 0) return false;
  if (BACKCHANNEL.has(words.join(' '))) return true;
  return words.length <= 3 && words.every((w) => BACKCHANNEL.has(w));
}

export interface BargeInInput {
  /** Voiced caller audio since speech started. */
  voicedMs: number;
  /** Latest interim/final text of this utterance. */
  text: string;
}

export function shouldInterrupt(input: BargeInInput, options: { minMs: number; minWords: number }): boolean {
  const text = input.text.trim();
  if (text && isBackchannel(text)) return false;
  if (normalizeWords(text).length >= options.minWords) return true;
  return input.voicedMs >= options.minMs;
}
