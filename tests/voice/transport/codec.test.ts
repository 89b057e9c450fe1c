import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameError, parseInbound, serializeOutbound } from '../../../voice/transport/twilio/codec.ts';

describe('Twilio Media Streams codec', () => {
  it('parses the messages Twilio sends', () => {
    expect(parseInbound('{"event":"connected","protocol":"Call","version":"1.0.0"}', false)).toEqual({
      event: 'connected',
      protocol: 'Call',
      version: '1.0.0',
    });
    const start = parseInbound(
      JSON.stringify({
        event: 'start',
        streamSid: 'MZ1',
        start: {
          streamSid: 'MZ1',
          callSid: 'CA1',
          customParameters: { token: 'abc', n: 5 },
          tracks: ['inbound'],
        },
      }),
      false,
    );
    expect(start).toMatchObject({
      event: 'start',
      streamSid: 'MZ1',
      start: { callSid: 'CA1', customParameters: { token: 'abc' } },
    });
    const media = parseInbound(
      JSON.stringify({
        event: 'media',
        media: { track: 'inbound', timestamp: '40', payload: Buffer.from([1, 2, 3]).toString('base64') },
      }),
      false,
    );
    expect(media).toEqual({
      event: 'media',
      streamSid: undefined,
      timestampMs: 40,
      payload: Buffer.from([1, 2, 3]),
    });
    expect(parseInbound('{"event":"mark","mark":{"name":"m1"}}', false)).toMatchObject({
      event: 'mark',
      name: 'm1',
    });
    expect(
      parseInbound('{"event":"dtmf","dtmf":{"track":"inbound_track","digit":"0"}}', false),
    ).toMatchObject({
      event: 'dtmf',
      digit: '0',
    });
    expect(parseInbound('{"event":"stop"}', false)).toMatchObject({ event: 'stop' });
    expect(parseInbound('{"event":"text","text":"  hello "}', false)).toEqual({
      event: 'text',
      text: 'hello',
    });
  });

  it('serialises media, mark and clear in Twilio’s format', () => {
    expect(
      JSON.parse(serializeOutbound({ event: 'media', streamSid: 'MZ1', payload: Buffer.from([255]) })),
    ).toEqual({
      event: 'media',
      streamSid: 'MZ1',
      media: { payload: '/w==' },
    });
    expect(JSON.parse(serializeOutbound({ event: 'mark', streamSid: 'MZ1', name: 'm7' }))).toEqual({
      event: 'mark',
      streamSid: 'MZ1',
      mark: { name: 'm7' },
    });
    expect(JSON.parse(serializeOutbound({ event: 'clear', streamSid: 'MZ1' }))).toEqual({
      event: 'clear',
      streamSid: 'MZ1',
    });
  });

  it('turns malformed, binary and unknown frames into a typed FrameError', () => {
    const reason = (data: unknown, binary = false) => {
      try {
        parseInbound(data, binary);
        return 'parsed';
      } catch (error) {
        return error instanceof FrameError ? error.reason : 'other';
      }
    };
    expect(reason(Buffer.from([1, 2]), true)).toBe('binary');
    expect(reason('{oops')).toBe('not_json');
    expect(reason('[1]')).toBe('invalid');
    expect(reason('{"event":"media"}')).toBe('invalid');
    expect(reason('{"event":"media","media":{"track":"outbound","payload":""}}')).toBe('invalid');
    expect(reason('{"event":"dtmf","dtmf":{"digit":"99"}}')).toBe('invalid');
    expect(reason('{"event":"start","start":{}}')).toBe('invalid');
    expect(reason('{"event":"wat"}')).toBe('unknown_event');
  });

  it('never throws anything but FrameError, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array().map((a) => Buffer.from(a)),
        ),
        fc.boolean(),
        (data, binary) => {
          try {
            parseInbound(data, binary);
          } catch (error) {
            expect(error).toBeInstanceOf(FrameError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
