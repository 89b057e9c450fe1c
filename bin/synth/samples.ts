import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type BusinessSnapshot,
  readBusinessSnapshot,
  writeBusinessSnapshot,
} from '../../db/business-snapshot.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { importSyntheticConversations } from '../../domain/synthetic/import.ts';
import { SAMPLE_BUSINESSES, type SampleBusiness } from '../../fixtures/synthetic/businesses.ts';

/** Fixed ids, so the sample businesses (and their documents) are the same in every database. */
const SAMPLE_IDS: Record<string, { customer: string; document: string }> = {
  dental: {
    customer: '5a3b1e00-0000-4000-8000-00000000d001',
    document: '5a3b1e00-0000-4000-8000-00000000d0c1',
  },
  salon: {
    customer: '5a3b1e00-0000-4000-8000-00000000a001',
    document: '5a3b1e00-0000-4000-8000-00000000a0c1',
  },
  plumbing: {
    customer: '5a3b1e00-0000-4000-8000-00000000b001',
    document: '5a3b1e00-0000-4000-8000-00000000b0c1',
  },
};

export const samplesDir = fileURLToPath(new URL('../../fixtures/synthetic/samples/', import.meta.url));

/** A sample business as a snapshot (what the generator's sandbox and the development data hold). */
export function sampleSnapshot(sample: SampleBusiness): BusinessSnapshot {
  const ids = SAMPLE_IDS[sample.industry]!;
  return {
    customer: {
      id: ids.customer,
      email: `samples+${sample.industry}@receptionist.local`,
      business_name: sample.info.name,
      industry: sample.info.industry ?? sample.industry,
      profession: sample.info.profession ?? null,
      settings: {},
      business_info: sample.info,
      caller_responses: sample.callerResponses,
    },
    documents: [
      {
        id: ids.document,
        source: 'business_info',
        filename: sample.faq.filename,
        mime_type: 'text/plain',
        size_bytes: Buffer.byteLength(sample.faq.text),
        content: sample.faq.text,
      },
    ],
    answers: [],
  };
}

/** The sample business in this database (created, not live, when missing); its customer id. */
export async function ensureSampleBusiness(pool: DatabasePool, sample: SampleBusiness): Promise<string> {
  const snapshot = sampleSnapshot(sample);
  if (!(await readBusinessSnapshot(pool, snapshot.customer.id))) {
    await pool.transaction((tx) => writeBusinessSnapshot(tx, snapshot, null));
  }
  return snapshot.customer.id;
}

/**
 * Development data: the three sample businesses with the generated conversations shipped in
 * fixtures/synthetic/samples (imported once; later runs skip them by id).
 */
export async function loadSampleConversations(
  pool: DatabasePool,
  log: (message: string) => void,
): Promise<void> {
  for (const sample of Object.values(SAMPLE_BUSINESSES)) {
    const file = `${samplesDir}${sample.industry}.jsonl`;
    if (!existsSync(file)) continue;
    const customerId = await ensureSampleBusiness(pool, sample);
    const report = await importSyntheticConversations(pool, customerId, createReadStream(file), {
      format: 'conversation-log',
      dryRun: false,
    });
    if (report.turns.imported > 0) {
      log(
        `synthetic samples: ${report.turns.imported} ${sample.industry} turns loaded into ${sample.info.name}`,
      );
    }
  }
}
