/**
 * Which words of a caller's question say what it is about. Stop words are already gone (PostgreSQL's
 * english configuration); these lexemes go too because nearly every question carries them, and so
 * do the business's own name words ("dental" for Bright Smiles Dental): every caller's question is
 * about the business, so they match everything and tell nothing.
 */
export const WEAK_LEXEMES: readonly string[] = [
  'accept',
  'actual',
  'also',
  'anyth',
  'ask',
  'bit',
  'call',
  'come',
  'could',
  'curious',
  'get',
  'go',
  'guess',
  'hello',
  'help',
  'hey',
  'hi',
  'hmm',
  'kind',
  'know',
  'like',
  'littl',
  'look',
  'make',
  'may',
  'mayb',
  'mean',
  'need',
  'offer',
  'ok',
  'okay',
  'pleas',
  'question',
  'quick',
  'realli',
  'said',
  'say',
  'someth',
  'sort',
  'sure',
  'take',
  'tell',
  'thank',
  'think',
  'uh',
  'um',
  'want',
  'well',
  'wonder',
  'would',
  'yeah',
  'yes',
];

const WEAK = new Set(WEAK_LEXEMES);

/** The words of a business every question of its callers shares. */
export const businessWordsText = (b: {
  businessName: string;
  industry: string | null;
  profession: string | null;
}) => [b.businessName, b.industry ?? '', b.profession ?? ''].join(' ');

/** A question's content lexemes: without weak words and the business's own words, sorted. */
export function contentWords(lexemes: readonly string[], businessLexemes: readonly string[]): string[] {
  const own = new Set(businessLexemes);
  return [...new Set(lexemes)].filter((w) => !WEAK.has(w) && !own.has(w)).sort();
}

/**
 * Two phrasings ask the same thing when most of the shorter one's content words are in the other
 * ("Do you take Delta Dental?" and "Is Delta Dental insurance accepted?": {delta} ⊂ {delta, insur}).
 */
export function sameQuestion(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === 0 && b.length === 0;
  const other = new Set(b);
  const shared = a.filter((w) => other.has(w)).length;
  return shared / Math.min(a.length, b.length) >= 0.6;
}

/** How well two word sets overlap (to pick the best of several matching questions). */
export function overlap(a: readonly string[], b: readonly string[]): number {
  const other = new Set(b);
  const shared = a.filter((w) => other.has(w)).length;
  return shared / Math.max(1, new Set([...a, ...b]).size);
}
