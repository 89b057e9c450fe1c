/**
 * Cuts streamed LLM text into sentences so the first one can go to TTS while the model writes the
 * rest. A sentence ends at . ! ? (or a newline) followed by whitespace; abbreviations and decimals
 * ("Dr.", "3.50") do not end one, and very short fragments wait for more text.
 */
const ABBREVIATIONS = /\b(?:Dr|Mr|Mrs|Ms|St|Jr|Sr|No|vs|etc|e\.g|i\.e|a\.m|p\.m)\.$/i;
const MIN_CHARS = 12;

export class SentenceSplitter {
  private buffer = '';

  /** Adds text; returns the sentences completed by it. */
  push(delta: string): string[] {
    this.buffer += delta;
    const out: string[] = [];
    let searchFrom = 0;
    while (true) {
      const match = /[.!?…]+["')\]]*\s+|\n+/g;
      match.lastIndex = searchFrom;
      const m = match.exec(this.buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      const candidate = this.buffer.slice(0, end).trim();
      if (candidate.length < MIN_CHARS || ABBREVIATIONS.test(this.buffer.slice(0, m.index + 1))) {
        searchFrom = end;
        continue;
      }
      out.push(candidate);
      this.buffer = this.buffer.slice(end);
      searchFrom = 0;
    }
    return out;
  }

  /** Whatever is left when the stream ends. */
  flush(): string | null {
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest || null;
  }
}
