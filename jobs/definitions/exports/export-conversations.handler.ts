import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { TurnFilters } from '../../../db/analytics.ts';
import {
  countExportTurns,
  type ExportTurnRow,
  findExport,
  finishExport,
  markExportRunning,
  setExportProgress,
  streamExportTurns,
} from '../../../db/exports.ts';
import { type ExportTurn, fineTuneRecord, systemPrompt } from '../../../domain/analytics/fine-tuning.ts';
import { loadBusinessProfile } from '../../../domain/business/profile.ts';
import type { BusinessProfile } from '../../../lib/business-profile.ts';
import { mulawWav } from '../../../lib/wav.ts';
import type { JobContext } from '../../job-context.ts';
import type { JobMeta } from '../../job-definition.ts';
import { JsonlFile } from './export-files.ts';
import { StreamingZip } from './zip-writer.ts';

const PROGRESS_EVERY_MS = 500;

export const exportsDir = (dataDir: string) => join(dataDir, 'exports');

export async function handle(
  payload: { exportId: string },
  context: JobContext,
  meta: JobMeta,
): Promise<{ rows: number; turns: number }> {
  const { pool } = context;
  const row = await findExport(pool, payload.exportId);
  if (!row) throw new UnrecoverableError('export not found');
  if (row.status === 'done') return { rows: row.row_count, turns: 0 };
  const filters = TurnFilters.parse(row.filters);
  await markExportRunning(pool, row.id);

  const dir = exportsDir(context.config.dataDir);
  await mkdir(dir, { recursive: true });
  const jsonlPath = join(dir, `${row.id}.jsonl`);
  const zipPath = join(dir, `${row.id}.zip`);
  const jsonl = new JsonlFile(`${jsonlPath}.part`);
  const zip = row.include_audio ? new StreamingZip(`${zipPath}.part`) : null;

  const total = await countExportTurns(pool, row.customer_id, filters);
  const profiles = new Map<string, BusinessProfile | null>();
  // The prompt the receptionist really ran with: the persona builder, dated at the call's first turn.
  const promptFor = async (t: ExportTurnRow) => {
    let profile = profiles.get(t.customer_id);
    if (profile === undefined) {
      // Operator exports span customers; a small cache is enough because rows come call by call.
      if (profiles.size > 1000) profiles.clear();
      profile = await loadBusinessProfile(pool, t.customer_id);
      profiles.set(t.customer_id, profile);
    }
    return systemPrompt(profile, t.business_name, new Date(t.created_at));
  };

  let rows = 0;
  let turns = 0;
  let lastProgressAt = 0;
  let current: { callId: string; prompt: string; turns: ExportTurn[] } | null = null;
  const flush = async () => {
    if (!current) return;
    const record = fineTuneRecord(current.prompt, current.turns);
    if (record) {
      await jsonl.writeLine(record);
      rows += 1;
    }
    current = null;
  };

  try {
    await streamExportTurns(pool, row.customer_id, filters, row.include_audio, async (t) => {
      if (current?.callId !== t.call_id) {
        await flush();
        current = { callId: t.call_id, prompt: await promptFor(t), turns: [] };
      }
      current.turns.push({
        turnIndex: t.turn_index,
        userText: t.user_utterance,
        aiText: t.ai_response,
        toolCalls: t.tool_calls,
      });
      if (zip && t.user_audio)
        await zip.addBuffer(`audio/${t.call_id}/${t.turn_index}-caller.wav`, mulawWav(t.user_audio));
      if (zip && t.ai_audio)
        await zip.addBuffer(`audio/${t.call_id}/${t.turn_index}-agent.wav`, mulawWav(t.ai_audio));
      turns += 1;
      const now = Date.now();
      if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
        lastProgressAt = now;
        const percent = total === 0 ? 99 : (turns / total) * 99;
        await setExportProgress(pool, row.id, percent, rows);
        await meta.progress(Math.floor(percent));
      }
    });
    await flush();
    await jsonl.close();
    if (zip) {
      await zip.addFile(`${jsonlPath}.part`, 'conversations.jsonl');
      await zip.close();
      await rename(`${zipPath}.part`, zipPath);
      await rm(`${jsonlPath}.part`, { force: true });
    } else {
      await rename(`${jsonlPath}.part`, jsonlPath);
    }
  } catch (error) {
    await jsonl.close().catch(() => {});
    await zip?.abort().catch(() => {});
    await rm(`${jsonlPath}.part`, { force: true });
    throw error;
  }
  await finishExport(pool, row.id, row.include_audio ? zipPath : jsonlPath, rows);
  await meta.progress(100);
  context.logger.info({ exportId: row.id, rows, turns }, 'conversation export finished');
  return { rows, turns };
}
