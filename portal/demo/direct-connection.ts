import { type MicrophoneCapture, startCapture } from './capture.ts';
import {
  connectedMessage,
  markMessage,
  mediaMessage,
  parseServerMessage,
  type ServerMessage,
  startMessage,
  stopMessage,
  textMessage,
} from './codec.ts';
import { FRAME_MS } from './mulaw.ts';
import { AgentAudioPlayer } from './player.ts';

/** How long a hang-up waits for the server to close the stream before closing it itself. */
const HANGUP_WAIT_MS = 3000;

export interface DirectConnectionHandlers {
  /** Every demo event except audio (which plays here). */
  onMessage(message: ServerMessage): void;
  /** The stream failed or closed before the demo ended. */
  onFailure(message: string): void;
}

export function streamUrl(location: Pick<Location, 'protocol' | 'host'>, streamPath: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${streamPath}`;
}

/**
 * The browser as a Twilio media stream: microphone frames out as `media`, agent audio in and
 * played, `mark`s acknowledged when heard, `clear` obeyed at once, `stop` on hang-up.
 */
export class DirectDemoConnection {
  private readonly socket: WebSocket;
  private readonly streamSid = `MZdemo${crypto.randomUUID().replaceAll('-', '')}`;
  private readonly player: AgentAudioPlayer;
  private capture: MicrophoneCapture | null = null;
  private chunk = 0;
  private closing = false;
  private readonly callId: string;
  private readonly handlers: DirectConnectionHandlers;
  /** Resolves when the socket has closed (the server closes it once the call is written). */
  private readonly socketClosed: Promise<void>;
  /** Set while connecting: a close before the call is set up fails the connect instead. */
  private onEarlyClose: (() => void) | null = null;

  private constructor(
    context: AudioContext,
    url: string,
    callId: string,
    handlers: DirectConnectionHandlers,
  ) {
    this.callId = callId;
    this.handlers = handlers;
    this.player = new AgentAudioPlayer(context, (name) => {
      if (!this.closing) this.send(markMessage(this.streamSid, name));
    });
    this.socket = new WebSocket(url);
    this.socket.onmessage = (event) => this.receive(event.data);
    let markClosed = () => {};
    this.socketClosed = new Promise((resolve) => {
      markClosed = resolve;
    });
    this.socket.onclose = (event) => {
      markClosed();
      if (this.closing) return;
      if (this.onEarlyClose) return this.onEarlyClose();
      this.shutdown();
      handlers.onFailure(
        event.code === 1000
          ? 'The demo call was closed by the server.'
          : 'The connection to the demo was lost.',
      );
    };
  }

  /** Opens the stream and announces the call; resolves once the server has the `start` message. */
  static open(options: {
    context: AudioContext;
    url: string;
    callId: string;
    ticket: string;
    microphone: MediaStream | null;
    handlers: DirectConnectionHandlers;
  }): Promise<DirectDemoConnection> {
    const connection = new DirectDemoConnection(
      options.context,
      options.url,
      options.callId,
      options.handlers,
    );
    const { socket } = connection;
    return new Promise((resolve, reject) => {
      connection.onEarlyClose = () => {
        connection.onEarlyClose = null;
        connection.shutdown();
        reject(new Error('Could not connect to the demo. Check your connection and retry.'));
      };
      socket.onopen = async () => {
        connection.send(connectedMessage());
        connection.send(startMessage(connection.streamSid, options.callId, options.ticket));
        try {
          if (options.microphone) {
            connection.capture = await startCapture(options.context, options.microphone, (frame) =>
              connection.sendFrame(frame),
            );
          }
          if (!connection.onEarlyClose) return; // closed while the microphone was starting
          connection.onEarlyClose = null;
          resolve(connection);
        } catch (error) {
          connection.onEarlyClose = null;
          connection.shutdown();
          reject(error);
        }
      };
    });
  }

  get underruns(): number {
    return this.player.underruns;
  }

  /** Frames sent so far (each 20 ms). */
  get framesSent(): number {
    return this.chunk;
  }

  setMuted(muted: boolean): void {
    this.capture?.setMuted(muted);
  }

  /** A typed caller turn: the server answers it like a spoken one (and speaks the reply). */
  sendText(text: string): void {
    this.send(textMessage(text));
  }

  /**
   * Hang up: `stop` to the server and silence the microphone and speakers at once, then give the
   * server a moment to finish writing the call (it closes the socket when done) before closing.
   */
  async hangUp(): Promise<void> {
    if (this.closing) return;
    this.send(stopMessage(this.streamSid, this.callId));
    this.closing = true;
    this.capture?.stop();
    this.capture = null;
    this.player.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.socketClosed,
      new Promise((resolve) => (timer = setTimeout(resolve, HANGUP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    this.shutdown();
  }

  private sendFrame(frame: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.chunk++;
    this.send(mediaMessage(this.streamSid, this.chunk, (this.chunk - 1) * FRAME_MS, frame));
  }

  private send(data: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data);
  }

  private receive(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) return;
    switch (message.event) {
      case 'media':
        this.player.enqueue(message.payload);
        return;
      case 'mark':
        this.player.mark(message.name);
        return;
      case 'clear':
        this.player.clear();
        return;
      case 'ended':
        this.handlers.onMessage(message);
        this.shutdown();
        return;
      default:
        this.handlers.onMessage(message);
    }
  }

  private shutdown(): void {
    this.closing = true;
    this.capture?.stop();
    this.capture = null;
    this.player.close();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000, 'demo ended');
    }
  }
}
