import workletUrl from './capture-worklet.ts?worker&url';

/** Must match CAPTURE_PROCESSOR in capture-worklet.ts (not imported: that module only runs in the worklet). */
const PROCESSOR = 'demo-capture';

export interface MicrophoneCapture {
  setMuted(muted: boolean): void;
  stop(): void;
}

/** Asks for the microphone. Rejects with the browser's DOMException (NotAllowedError when denied). */
export function requestMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return Promise.reject(new DOMException('This browser cannot capture audio here', 'NotSupportedError'));
  }
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
  });
}

/**
 * Microphone → AudioWorklet (low-pass, 8 kHz, μ-law, 20 ms frames) → `onFrame` on the main thread.
 * The node's silent output goes to the destination so the graph keeps pulling it.
 */
export async function startCapture(
  context: AudioContext,
  stream: MediaStream,
  onFrame: (frame: Uint8Array) => void,
): Promise<MicrophoneCapture> {
  await context.audioWorklet.addModule(workletUrl);
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, PROCESSOR, {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    channelCount: 1,
    channelCountMode: 'explicit',
  });
  node.port.onmessage = (event: MessageEvent<Uint8Array>) => onFrame(event.data);
  source.connect(node);
  node.connect(context.destination);
  return {
    // A disabled track yields silence, so frames keep flowing like a muted phone's.
    setMuted: (value) => {
      for (const track of stream.getAudioTracks()) track.enabled = !value;
    },
    stop: () => {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
