import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamingZip } from '../../jobs/definitions/exports/zip-writer.ts';

/** The export's streaming zip writer, read back by an independent minimal reader (incl. ZIP64). */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ar-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Entry {
  name: string;
  crc: number;
  data: Buffer;
}

function readZip(buf: Buffer): { entries: Entry[]; zip64: boolean } {
  const eocd = buf.length - 22;
  expect(buf.readUInt32LE(eocd)).toBe(0x06054b50);
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  const zip64 = buf.readUInt32LE(eocd - 20) === 0x07064b50;
  if (zip64) {
    const record = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    expect(buf.readUInt32LE(record)).toBe(0x06064b50);
    count = Number(buf.readBigUInt64LE(record + 32));
    cdOffset = Number(buf.readBigUInt64LE(record + 48));
  }
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    expect(buf.readUInt16LE(p + 10)).toBe(0); // stored
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    expect(buf.readUInt32LE(local + 14)).toBe(crc);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    entries.push({ name, crc, data: buf.subarray(start, start + size) });
    p += 46 + nameLen + extraLen;
  }
  return { entries, zip64 };
}

describe('StreamingZip', () => {
  it('writes entries whose headers, CRCs and bytes read back exactly', async () => {
    const path = join(dir, 'small.zip');
    const zip = new StreamingZip(path);
    const files = [
      ['audio/a/0-caller.wav', Buffer.from('RIFF....WAVE')],
      ['audio/a/0-agent.wav', Buffer.alloc(5000, 0x7f)],
      ['naïve/empty.bin', Buffer.alloc(0)],
    ] as const;
    for (const [name, data] of files) await zip.addBuffer(name, data);
    const side = join(dir, 'side.jsonl');
    await writeFile(side, '{"messages":[]}\n'.repeat(1000));
    await zip.addFile(side, 'conversations.jsonl');
    await zip.close();
    const { entries, zip64 } = readZip(await readFile(path));
    expect(zip64).toBe(false);
    expect(entries.map((e) => e.name)).toEqual([...files.map(([n]) => n), 'conversations.jsonl']);
    for (const e of entries) expect(crc32(e.data) >>> 0).toBe(e.crc);
    expect(entries[1]!.data.equals(files[1][1])).toBe(true);
    expect(entries[3]!.data.toString()).toBe('{"messages":[]}\n'.repeat(1000));
  });

  it('switches to ZIP64 end records past 65 535 entries', async () => {
    const path = join(dir, 'many.zip');
    const zip = new StreamingZip(path);
    for (let i = 0; i < 65_600; i++) await zip.addBuffer(`f/${i}`, Buffer.from([i & 0xff]));
    await zip.close();
    const { entries, zip64 } = readZip(await readFile(path));
    expect(zip64).toBe(true);
    expect(entries).toHaveLength(65_600);
    expect(entries[65_599]).toMatchObject({ name: 'f/65599' });
    expect(entries[65_599]!.data[0]).toBe(65_599 & 0xff);
  });
});
