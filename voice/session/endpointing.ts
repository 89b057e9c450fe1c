/**
 * How long to wait after a final transcript before answering. Callers reading out phone numbers or
 * spelling names pause between groups, so a final ending in digits or spelled letters gets a
 * longer hold (LiveKit measured 700–800 ms cuts on phone numbers with default endpointing).
 */
const DIGIT_WORDS = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)';
const TRAILING_DIGITS = /(?:\d[\d\s().-]*){3,}[\s.,-]*$/;
const TRAILING_DIGIT_WORDS = new RegExp(`(?:\\b${DIGIT_WORDS}\\b[\\s,.-]*){2,}$`, 'i');
const TRAILING_SPELLING = /(?:\b\p{L}\b[\s.,-]*){2,}$/u;

export function endsMidNumberOrSpelling(text: string): boolean {
  const t = text.trim();
  return TRAILING_DIGITS.test(t) || TRAILING_DIGIT_WORDS.test(t) || TRAILING_SPELLING.test(t);
}

export function holdAfterFinalMs(
  text: string,
  endOfUtterance: boolean,
  options: { digitHoldMs: number; noEndpointHoldMs: number },
): number {
  if (endsMidNumberOrSpelling(text)) return options.digitHoldMs;
  return endOfUtterance ? 0 : options.noEndpointHoldMs;
}

/**
 * Collects final transcript pieces and decides when the caller's turn is over. New speech cancels a
 * pending decision; `onTurn` receives the whole utterance.
 */
export class Endpointer {
  private parts: string[] = [];
  private confidences: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** When the caller's voice stopped (speech_ended or the final that signalled it). */
  stoppedAt: number | null = null;
  finalAt: number | null = null;
  holdMs = 0;

  private readonly options: { digitHoldMs: number; noEndpointHoldMs: number };
  private readonly onTurn: (text: string, confidence: number | null) => void;

  constructor(
    options: { digitHoldMs: number; noEndpointHoldMs: number },
    onTurn: (text: string, confidence: number | null) => void,
  ) {
    this.options = options;
    this.onTurn = onTurn;
  }

  get pendingText(): string {
    return this.parts.join(' ').trim();
  }

  speechStarted(): void {
    this.cancel();
    this.stoppedAt = null;
  }

  final(text: string, confidence: number, endOfUtterance: boolean, now: number): void {
    if (text.trim()) {
      this.parts.push(text.trim());
      this.confidences.push(confidence);
    }
    this.finalAt = now;
    if (endOfUtterance && this.stoppedAt === null) this.stoppedAt = now;
    if (!this.pendingText) return;
    this.schedule(holdAfterFinalMs(this.pendingText, endOfUtterance, this.options));
  }

  speechEnded(now: number): void {
    this.stoppedAt ??= now;
    if (this.pendingText && !this.timer)
      this.schedule(holdAfterFinalMs(this.pendingText, true, this.options));
  }

  private schedule(ms: number): void {
    this.cancel();
    this.holdMs = ms;
    if (ms <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = null;
    const text = this.pendingText;
    if (!text) return;
    const confidence = this.confidences.length
      ? this.confidences.reduce((a, b) => a + b, 0) / this.confidences.length
      : null;
    this.parts = [];
    this.confidences = [];
    this.onTurn(text, confidence);
  }

  /** Drops collected text (it was a backchannel or noise, not a turn). */
  discard(): void {
    this.cancel();
    this.parts = [];
    this.confidences = [];
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
