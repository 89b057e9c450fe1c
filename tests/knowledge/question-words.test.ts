import { describe, expect, it } from 'vitest';
import { contentWords, sameQuestion } from '../../domain/knowledge/question-words.ts';

describe('which caller questions are the same question', () => {
  const own = ['bright', 'smile', 'dental', 'dentist'];
  it('drops weak words and the business own words', () => {
    expect(contentWords(['take', 'delta', 'dental'], own)).toEqual(['delta']);
    expect(contentWords(['delta', 'dental', 'insur', 'accept'], own)).toEqual(['delta', 'insur']);
  });
  it('groups phrasings that share most of the shorter one', () => {
    expect(sameQuestion(['delta'], ['delta', 'insur'])).toBe(true);
    expect(sameQuestion(['bring', 'dog'], ['dog', 'nearbi', 'park'])).toBe(false);
    expect(sameQuestion(['invisalign'], ['delta'])).toBe(false);
    expect(sameQuestion([], [])).toBe(true);
    expect(sameQuestion([], ['delta'])).toBe(false);
  });
});
