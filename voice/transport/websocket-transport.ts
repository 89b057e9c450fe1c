import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { MediaTransport, TransportEvent } from './media-transport.ts';
import { FrameError, parseInbound, serializeOutbound } from './twilio/codec.ts';
import type { StartInfo } from './twilio/messages.ts';

export interface WebSocketTransportOptions {
  logger: Logger;
  /** Accept the `text` extension and send side-channel events (browser demo). */
  extensions: boolean;
}

/**
 * A Media Streams connection. Handlers are attached in the constructor, synchronously, so no
 * frame is lost while the route awaits anything (@fastify/websocket). Unusable frames are logged
 * and ignored; the stream goes on.
 */
export class WebSocketTransport implements MediaTransport {
  private readonly socket: WebSocket;
  private readonly options: WebSocketTransportOptions;
  private streamSid = '';
  private started: StartInfo | null = null;
  private startWaiters: { resolve: (s: StartInfo) => void; reject: (e: Error) => void }[] = [];
  private listener: ((event: TransportEvent) => void) | null = null;
  private pending: TransportEvent[] = [];
  private isClosed = false;
  ignoredFrames = 0;

  constructor(socket: WebSocket, options: WebSocketTransportOptions) {
    this.socket = socket;
    this.options = options;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.onClosed());
    socket.on('error', (error) => {
      options.logger.warn({ err: error }, 'media stream socket error');
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves with the `start` message (its customParameters carry the stream token). */
  waitForStart(timeoutMs: number): Promise<StartInfo> {
    if (this.started) return Promise.resolve(this.started);
    if (this.isClosed) return Promise.reject(new Error('stream closed before start'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no start message in time')), timeoutMs);
      this.startWaiters.push({
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  private receive(data: unknown, isBinary: boolean): void {
    let message: ReturnType<typeof parseInbound>;
    try {
      message = parseInbound(data, isBinary);
    } catch (error) {
      this.ignoredFrames++;
      const reason = error instanceof FrameError ? error.reason : 'invalid';
      this.options.logger.warn({ reason, streamSid: this.streamSid }, 'ignored media stream frame');
      return;
    }
    switch (message.event) {
      case 'connected':
        return;
      case 'start':
        if (this.started) return;
        this.started = message.start;
        this.streamSid = message.streamSid;
        for (const w of this.startWaiters.splice(0)) w.resolve(message.start);
        return;
      case 'text':
        if (!this.options.extensions) {
          this.ignoredFrames++;
          return;
        }
        this.emit({ type: 'text', text: message.text });
        return;
      case 'media':
        if (!this.started) return;
        this.emit({ type: 'media', frame: message.payload });
        return;
      case 'mark':
        this.emit({ type: 'mark', name: message.name });
        return;
      case 'dtmf':
        this.emit({ type: 'dtmf', digit: message.digit });
        return;
      case 'stop':
        this.emit({ type: 'stop' });
        return;
    }
  }

  private emit(event: TransportEvent): void {
    if (this.listener) this.listener(event);
    else this.pending.push(event);
  }

  onEvent(listener: (event: TransportEvent) => void): void {
    this.listener = listener;
    for (const event of this.pending.splice(0)) listener(event);
  }

  private onClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const w of this.startWaiters.splice(0)) w.reject(new Error('stream closed before start'));
    this.emit({ type: 'closed' });
  }

  private send(text: string): void {
    if (!this.isClosed && this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  sendAudio(chunk: Buffer): void {
    this.send(serializeOutbound({ event: 'media', streamSid: this.streamSid, payload: chunk }));
  }

  sendMark(name: string): void {
    this.send(serializeOutbound({ event: 'mark', streamSid: this.streamSid, name }));
  }

  clear(): void {
    this.send(serializeOutbound({ event: 'clear', streamSid: this.streamSid }));
  }

  sendEvent(event: Record<string, unknown>): void {
    if (this.options.extensions) this.send(JSON.stringify(event));
  }

  close(code = 1000): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code);
    }
    this.onClosed();
  }
}
