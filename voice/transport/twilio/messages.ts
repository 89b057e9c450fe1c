/**
 * Twilio Media Streams messages (bidirectional `<Connect><Stream>`), as typed values. The demo
 * stream speaks the same format plus one inbound extension, `text` (a typed caller turn).
 */
export interface StartInfo {
  streamSid: string;
  callSid: string;
  accountSid?: string;
  tracks?: string[];
  customParameters: Record<string, string>;
  mediaFormat?: { encoding: string; sampleRate: number; channels: number };
}

export type InboundMessage =
  | { event: 'connected'; protocol?: string; version?: string }
  | { event: 'start'; streamSid: string; start: StartInfo }
  | { event: 'media'; streamSid?: string; timestampMs: number | null; payload: Buffer }
  | { event: 'mark'; streamSid?: string; name: string }
  | { event: 'dtmf'; streamSid?: string; digit: string }
  | { event: 'stop'; streamSid?: string }
  | { event: 'text'; text: string };

export type OutboundMessage =
  | { event: 'media'; streamSid: string; payload: Buffer }
  | { event: 'mark'; streamSid: string; name: string }
  | { event: 'clear'; streamSid: string };
