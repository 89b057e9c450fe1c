import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documents.ts';
import { insertAnswer } from '../../db/knowledge.ts';
import { searchBusinessKnowledge } from '../../domain/knowledge/search.ts';
import type { BusinessProfile } from '../../lib/business-profile.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** Per-turn retrieval: which of facts, passages and owner answers covers a caller's question. */
let t: TestApp;
let business: BusinessProfile;
let other: BusinessProfile;

const FAQ = [
  'Bright Smile Dental is a family dental practice in Springfield.',
  '',
  'Parking',
  'Free parking is available behind the building, entrance on Pine Lane.',
  '',
  'Payment',
  'We accept cash, all major credit cards and payment plans for treatments over $500.',
  '',
  `History\n${'Our dental team has cared for smiles in Springfield for many years. '.repeat(20)}`,
].join('\n');

function profile(customerId: string, name: string): BusinessProfile {
  return {
    customerId,
    businessName: name,
    industry: 'dental',
    profession: 'dentist',
    ownerPhone: null,
    ownerEmail: 'owner@example.test',
    timeZone: 'America/New_York',
    address: '220 Harbor Street, Springfield',
    services: [{ name: 'Whitening', durationMin: 60, priceCents: 25000, currency: 'USD' }],
    hours: { mon: [{ open: '08:00', close: '17:00' }] },
    greeting: null,
    instructions: null,
    smsEnabled: false,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  const a = await t.createCustomer({ businessName: 'Bright Smile Dental' });
  const b = await t.createCustomer({ businessName: 'Other Dental' });
  business = profile(a.id, 'Bright Smile Dental');
  other = profile(b.id, 'Other Dental');
  await insertDocument(t.db.pool, {
    customerId: a.id,
    source: 'business_info',
    filename: 'faq.txt',
    mimeType: 'text/plain',
    sizeBytes: FAQ.length,
    content: FAQ,
  });
  await insertAnswer(t.db.pool, {
    customerId: b.id,
    question: 'Do you take Delta Dental?',
    answer: 'Yes, Other Dental accepts Delta Dental.',
    phrasings: '',
  });
});
afterAll(async () => {
  await t.close();
});

const search = (q: string, who = business) => searchBusinessKnowledge(t.db.pool, who, q);

describe('knowledge search', () => {
  it('indexes documents as passages (a trigger), long paragraphs cut into windows', async () => {
    const passages = await t.db.pool.anyFirst(sql.unsafe`
      SELECT content FROM knowledge_passages WHERE customer_id = ${business.customerId} ORDER BY ordinal`);
    expect(passages[1]).toBe('Parking Free parking is available behind the building, entrance on Pine Lane.');
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) expect(String(p).split(' ').length).toBeLessThanOrEqual(120);
  });

  it('answers from the passage that covers the question, citing the document', async () => {
    const [hit] = await search('Where can I park?');
    expect(hit).toMatchObject({ score: 1, source: { kind: 'document', title: 'faq.txt' } });
    expect(hit!.text).toContain('Free parking');
    expect(hit!.source.ref).toMatch(/^document:[0-9a-f-]{36}#\d+$/);
  });

  it('ranks business facts for what the profile states', async () => {
    const [price] = await search('How much does whitening cost?');
    expect(price).toMatchObject({ score: 1, source: { kind: 'business_fact' } });
    expect(price!.text).toContain('Whitening is $250.00');
    expect((await search('What is your address?'))[0]?.source.ref).toBe('fact:address');
  });

  it("ignores the business's own words and weak words: a dental FAQ does not answer every dental question", async () => {
    const hits = await search('Do you take Delta Dental insurance?');
    expect(hits.filter((h) => h.score >= 0.5)).toEqual([]);
  });

  it('scores partial cover below full cover (the low-confidence band)', async () => {
    const [hit] = await search('Do you offer payment plans for braces?');
    expect(hit?.source.kind).toBe('document');
    expect(hit!.score).toBeCloseTo(2 / 3);
  });

  it("finds only the customer's own answers, and an owner answer outranks equally good passages", async () => {
    expect((await search('Do you take Delta Dental?', other))[0]).toMatchObject({
      score: 1,
      source: { kind: 'owner_answer', version: 1 },
      text: 'Yes, Other Dental accepts Delta Dental.',
    });
    expect((await search('Do you take Delta Dental?')).some((h) => h.source.kind === 'owner_answer')).toBe(
      false,
    );
  });

  it('answers nothing for an empty or stop-word question', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('is it the?')).toEqual([]);
  });
});
