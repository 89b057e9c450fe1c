/** One line of a JSONL stream: its 1-based number and text, or null when it was too long. */
export interface Line {
  no: number;
  text: string | null;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without holding more than one line: a line longer than
 * `maxLineBytes` is skipped (reported as null) instead of being buffered. Pulling the next line
 * pulls the next chunk, so a slow consumer slows the producer (backpressure).
 */
export async function* readLines(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let no = 0;
  const finish = (): Line => {
    no++;
    if (tooLong) {
      parts = [];
      size = 0;
      tooLong = false;
      return { no, text: null };
    }
    let text = Buffer.concat(parts, size).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    parts = [];
    size = 0;
    return { no, text };
  };
  for await (const chunk of source) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let at = buf.indexOf(NEWLINE, start); at !== -1; at = buf.indexOf(NEWLINE, start)) {
      append(buf.subarray(start, at));
      yield finish();
      start = at + 1;
    }
    append(buf.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();

  function append(piece: Buffer) {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    // Copy: the source may reuse its chunk buffers.
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}
