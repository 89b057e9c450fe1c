import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  connectedMessage,
  markMessage,
  mediaMessage,
  parseServerMessage,
  startMessage,
  stopMessage,
  textMessage,
} from '../../../portal/demo/codec.ts';

describe('demo stream codec', () => {
  it('base64 round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70000 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 20 },
    );
  });

  it('writes the Twilio Media Streams messages a phone call would send', () => {
    expect(JSON.parse(connectedMessage())).toEqual({
      event: 'connected',
      protocol: 'Call',
      version: '1.0.0',
    });
    const start = JSON.parse(startMessage('MZ1', 'call-1', 'ticket-1'));
    expect(start).toMatchObject({
      event: 'start',
      streamSid: 'MZ1',
      start: {
        streamSid: 'MZ1',
        callSid: 'call-1',
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: { ticket: 'ticket-1' },
      },
    });
    const frame = new Uint8Array(160).fill(0xff);
    const media = JSON.parse(mediaMessage('MZ1', 3, 40, frame));
    expect(media).toEqual({
      event: 'media',
      streamSid: 'MZ1',
      media: {
        track: 'inbound',
        chunk: '3',
        timestamp: '40',
        payload: Buffer.from(frame).toString('base64'),
      },
    });
    expect(JSON.parse(markMessage('MZ1', 'm1'))).toEqual({
      event: 'mark',
      streamSid: 'MZ1',
      mark: { name: 'm1' },
    });
    expect(JSON.parse(stopMessage('MZ1', 'call-1'))).toMatchObject({ event: 'stop', streamSid: 'MZ1' });
    expect(JSON.parse(textMessage('Hello'))).toEqual({ event: 'text', text: 'Hello' });
  });

  it('reads every server message of the contract', () => {
    const payload = Buffer.from([1, 2, 3]).toString('base64');
    const cases: [unknown, unknown][] = [
      [
        { event: 'media', streamSid: 'MZ1', media: { payload } },
        { event: 'media', payload: Uint8Array.of(1, 2, 3) },
      ],
      [
        { event: 'mark', streamSid: 'MZ1', mark: { name: 'x' } },
        { event: 'mark', name: 'x' },
      ],
      [{ event: 'clear', streamSid: 'MZ1' }, { event: 'clear' }],
      [
        { event: 'transcript', final: false, text: 'Hi' },
        { event: 'transcript', final: false, text: 'Hi' },
      ],
      [
        { event: 'agent_text', text: 'Hello!' },
        { event: 'agent_text', text: 'Hello!' },
      ],
      [
        { event: 'state', state: 'thinking' },
        { event: 'state', state: 'thinking' },
      ],
      [
        { event: 'tool', name: 'book', summary: 'Booked' },
        { event: 'tool', name: 'book', summary: 'Booked' },
      ],
      [
        { event: 'failover', role: 'stt', from: 'deepgram', to: 'ibm' },
        { event: 'failover', role: 'stt', from: 'deepgram', to: 'ibm' },
      ],
      [
        { event: 'latency', turn: 1, totalMs: 900, sttMs: 100, llmMs: 500, ttsMs: 300 },
        { event: 'latency', turn: 1, totalMs: 900, sttMs: 100, llmMs: 500, ttsMs: 300 },
      ],
      [
        { event: 'ended', reason: 'caller_hangup' },
        { event: 'ended', reason: 'caller_hangup' },
      ],
    ];
    for (const [input, expected] of cases)
      expect(parseServerMessage(JSON.stringify(input))).toEqual(expected);
  });

  it('ignores malformed and unknown messages instead of throwing', () => {
    for (const bad of [
      'not json',
      '42',
      'null',
      JSON.stringify({ event: 'media', media: {} }),
      JSON.stringify({ event: 'media', media: { payload: '***' } }),
      JSON.stringify({ event: 'state', state: 'dancing' }),
      JSON.stringify({ event: 'latency', turn: 'one' }),
      JSON.stringify({ event: 'who-knows' }),
    ]) {
      expect(parseServerMessage(bad)).toBeNull();
    }
    expect(parseServerMessage(new ArrayBuffer(2))).toBeNull();
  });
});
