import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * The export's JSONL file with backpressure: callers await each write, so a slow disk slows the
 * database cursor instead of filling memory. (The audio zip is `zip-writer.ts`.)
 */
export class JsonlFile {
  private readonly out: WriteStream;
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async writeLine(value: unknown): Promise<void> {
    if (!this.out.write(`${JSON.stringify(value)}\n`)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
}
