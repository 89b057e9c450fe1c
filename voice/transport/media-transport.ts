/** What a CallSession needs from a media connection: the same for Twilio calls and browser demos. */
export type TransportEvent =
  | { type: 'media'; frame: Buffer }
  | { type: 'mark'; name: string }
  | { type: 'dtmf'; digit: string }
  /** A typed caller turn (browser demo only). */
  | { type: 'text'; text: string }
  | { type: 'stop' }
  | { type: 'closed' };

export interface MediaTransport {
  readonly closed: boolean;
  /** Queue μ-law 8 kHz audio for playout, in order. */
  sendAudio(chunk: Buffer): void;
  /** Ask the far end to echo `name` once the audio sent before it has played. */
  sendMark(name: string): void;
  /** Drop all queued audio now (barge-in); the far end returns its pending marks. */
  clear(): void;
  /** A JSON side-channel message (browser demo events); transports that cannot carry it drop it. */
  sendEvent(event: Record<string, unknown>): void;
  close(): void;
  /** One listener; events that arrive before it is set are queued, never dropped. */
  onEvent(listener: (event: TransportEvent) => void): void;
}
