import type { BusinessProfile } from '../../lib/business-profile.ts';
import type { KnowledgeSource } from './knowledge.ts';
import { describeHours, formatPrice } from './persona.ts';

/**
 * The business profile as short, citable facts. `text` is what may be said; `keywords` are the
 * words callers use when they ask for it (searched, never spoken).
 */
export interface BusinessFact {
  key: string;
  title: string;
  text: string;
  keywords: string;
}

/** The fact key of one service's price and duration. */
export const serviceFactKey = (name: string) =>
  `service:${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

const spokenList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function businessFacts(p: BusinessProfile): BusinessFact[] {
  const facts: BusinessFact[] = [];
  if (Object.values(p.hours).some((i) => (i ?? []).length > 0)) {
    facts.push({
      key: 'hours',
      title: 'Opening hours',
      text: `Our opening hours are: ${describeHours(p)}.`,
      keywords: 'hours open opening close closing time today tomorrow weekend weekday when',
    });
  }
  if (p.address) {
    facts.push({
      key: 'address',
      title: 'Address',
      text: `We're at ${p.address}.`,
      keywords: 'address where located location directions find street',
    });
  }
  if (p.services.length > 0) {
    facts.push({
      key: 'services',
      title: 'Services',
      text: `We offer ${spokenList(p.services.map((s) => s.name))}.`,
      keywords: 'services offer provide treatments menu',
    });
    facts.push({
      key: 'prices',
      title: 'Prices',
      text: `${p.services
        .slice(0, 6)
        .map((s) => `${s.name} is ${formatPrice(s.priceCents, s.currency)}`)
        .join(', ')}.`,
      keywords: 'price prices cost costs much fee fees charge rates',
    });
    for (const s of p.services) {
      facts.push({
        key: serviceFactKey(s.name),
        title: s.name,
        text: `${s.name} is ${formatPrice(s.priceCents, s.currency)} and takes about ${s.durationMin} minutes.`,
        keywords: 'price cost much long duration take minutes',
      });
    }
  }
  return facts;
}

export function factSource(fact: BusinessFact): KnowledgeSource {
  return { kind: 'business_fact', ref: `fact:${fact.key}`, id: fact.key, title: fact.title, version: null };
}
