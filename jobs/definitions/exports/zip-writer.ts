import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * A store-only (no compression) zip writer that streams: each entry's bytes go straight to the
 * file, and the central directory is spooled to a side file instead of memory, so a zip of a
 * million WAV files costs the same RAM as a zip of ten. yazl, which we tried first, keeps every
 * added buffer until the end and scans its entry list on every write (quadratic). ZIP64 records are
 * written when an archive passes 65 535 entries or 4 GiB (APPNOTE 6.3.10, sections 4.3.14–4.5.3).
 */
const U32 = 0xffffffff;
const U16 = 0xffff;
const UTF8_NAMES = 0x0800;

function dosDateTime(d: Date): { date: number; time: number } {
  return {
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

function zip64Extra(values: number[]): Buffer {
  if (values.length === 0) return Buffer.alloc(0);
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => {
    extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i);
  });
  return extra;
}

export class StreamingZip {
  private readonly path: string;
  private readonly out: WriteStream;
  private readonly cd: WriteStream;
  private readonly stamp = dosDateTime(new Date());
  private offset = 0;
  private cdSize = 0;
  private entries = 0;

  constructor(path: string) {
    this.path = path;
    this.out = createWriteStream(path);
    this.cd = createWriteStream(`${path}.cd`);
  }

  get entryCount(): number {
    return this.entries;
  }

  private async write(stream: WriteStream, data: Buffer): Promise<void> {
    if (!stream.write(data)) await once(stream, 'drain');
  }

  async addBuffer(name: string, data: Buffer): Promise<void> {
    await this.entry(name, crc32(data), data.length, () => this.write(this.out, data));
  }

  /** Adds a file from disk, read twice (CRC first, then the bytes) so its header can be exact. */
  async addFile(path: string, name: string): Promise<void> {
    const { size } = await stat(path);
    let crc = 0;
    for await (const chunk of createReadStream(path)) crc = crc32(chunk as Buffer, crc);
    await this.entry(name, crc, size, async () => {
      for await (const chunk of createReadStream(path)) await this.write(this.out, chunk as Buffer);
    });
  }

  private async entry(name: string, crc: number, size: number, writeData: () => Promise<void>) {
    const nameBytes = Buffer.from(name, 'utf8');
    const bigSize = size >= U32;
    const localOffset = this.offset;
    const localExtra = zip64Extra(bigSize ? [size, size] : []);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(bigSize ? 45 : 20, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(bigSize ? U32 : size, 18);
    header.writeUInt32LE(bigSize ? U32 : size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(localExtra.length, 28);
    await this.write(this.out, Buffer.concat([header, nameBytes, localExtra]));
    this.offset += 30 + nameBytes.length + localExtra.length;
    await writeData();
    this.offset += size;

    const bigOffset = localOffset >= U32;
    const cdExtra = zip64Extra([...(bigSize ? [size, size] : []), ...(bigOffset ? [localOffset] : [])]);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
    record.writeUInt16LE(bigSize || bigOffset ? 45 : 20, 6);
    record.writeUInt16LE(UTF8_NAMES, 8);
    record.writeUInt16LE(0, 10);
    record.writeUInt16LE(this.stamp.time, 12);
    record.writeUInt16LE(this.stamp.date, 14);
    record.writeUInt32LE(crc >>> 0, 16);
    record.writeUInt32LE(bigSize ? U32 : size, 20);
    record.writeUInt32LE(bigSize ? U32 : size, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt16LE(cdExtra.length, 30);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    record.writeUInt32LE(bigOffset ? U32 : localOffset, 42);
    const full = Buffer.concat([record, nameBytes, cdExtra]);
    await this.write(this.cd, full);
    this.cdSize += full.length;
    this.entries += 1;
  }

  async close(): Promise<void> {
    this.cd.end();
    await once(this.cd, 'close');
    const cdOffset = this.offset;
    for await (const chunk of createReadStream(`${this.path}.cd`))
      await this.write(this.out, chunk as Buffer);
    this.offset += this.cdSize;
    await rm(`${this.path}.cd`, { force: true });
    if (this.entries >= U16 || cdOffset >= U32 || this.cdSize >= U32) {
      const zip64End = Buffer.alloc(56 + 20);
      zip64End.writeUInt32LE(0x06064b50, 0);
      zip64End.writeBigUInt64LE(44n, 4);
      zip64End.writeUInt16LE(45, 12);
      zip64End.writeUInt16LE(45, 14);
      zip64End.writeBigUInt64LE(BigInt(this.entries), 24);
      zip64End.writeBigUInt64LE(BigInt(this.entries), 32);
      zip64End.writeBigUInt64LE(BigInt(this.cdSize), 40);
      zip64End.writeBigUInt64LE(BigInt(cdOffset), 48);
      zip64End.writeUInt32LE(0x07064b50, 56);
      zip64End.writeBigUInt64LE(BigInt(this.offset), 64);
      zip64End.writeUInt32LE(1, 72);
      await this.write(this.out, zip64End);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(this.entries, U16), 8);
    end.writeUInt16LE(Math.min(this.entries, U16), 10);
    end.writeUInt32LE(Math.min(this.cdSize, U32), 12);
    end.writeUInt32LE(Math.min(cdOffset, U32), 16);
    this.out.end(end);
    await once(this.out, 'close');
  }

  /** Stops writing and removes the partial files (after a failure). */
  async abort(): Promise<void> {
    this.cd.destroy();
    this.out.destroy();
    await rm(`${this.path}.cd`, { force: true });
    await rm(this.path, { force: true });
  }
}
