/**
 * Caller silence while the agent listens: reprompt after a quiet spell, and after repeated silence
 * say goodbye and hang up. Armed only in the listening state; any caller sound resets it.
 */
export class SilenceWatch {
  private timer: NodeJS.Timeout | null = null;
  private count = 0;
  private readonly afterMs: number;
  private readonly maxReprompts: number;
  private readonly onSilence: (nth: number, final: boolean) => void;

  constructor(
    options: { afterMs: number; maxReprompts: number },
    onSilence: (nth: number, final: boolean) => void,
  ) {
    this.afterMs = options.afterMs;
    this.maxReprompts = options.maxReprompts;
    this.onSilence = onSilence;
  }

  arm(): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.count++;
      this.onSilence(this.count, this.count > this.maxReprompts);
    }, this.afterMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The caller spoke: silence starts counting from zero again. */
  reset(): void {
    this.count = 0;
    this.disarm();
  }
}
