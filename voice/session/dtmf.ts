/**
 * Keypad input: 0 on its own asks for a person; other digits are collected until '#' or a pause
 * and become a caller turn ("5 5 5 1 2 3"), e.g. a callback number typed instead of spoken.
 */
export class DigitCollector {
  private digits = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly holdMs: number;
  private readonly onOperator: () => void;
  private readonly onDigits: (digits: string) => void;

  constructor(holdMs: number, onOperator: () => void, onDigits: (digits: string) => void) {
    this.holdMs = holdMs;
    this.onOperator = onOperator;
    this.onDigits = onDigits;
  }

  press(digit: string): void {
    if (digit === '0' && !this.digits) {
      this.onOperator();
      return;
    }
    this.cancel();
    if (digit !== '#') this.digits += digit;
    if (digit === '#') this.flush();
    else this.timer = setTimeout(() => this.flush(), this.holdMs);
  }

  private flush(): void {
    const digits = this.digits;
    this.digits = '';
    if (digits) this.onDigits(digits.split('').join(' '));
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
