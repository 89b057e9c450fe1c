/** Response shapes of the demo endpoints (api/routes/demo.ts). */
export type StartResponse =
  | { callId: string; mode: 'direct'; ticket: string; streamPath: string }
  | { callId: string; mode: 'twilio'; token: string; identity: string; expiresInSec: number };

export interface FinalTurn {
  role: 'caller' | 'agent';
  text: string;
  at: number;
}

export interface EndResponse {
  callId: string;
  transcript: FinalTurn[];
}

/** Wording for a failed getUserMedia, by DOMException name. */
export function microphoneErrorMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was denied. Allow the microphone for this site in the browser (the icon in the address bar), then retry — or continue by typing.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one and retry — or continue by typing.';
    case 'NotReadableError':
      return 'The microphone is in use by another application. Close it and retry — or continue by typing.';
    default:
      return 'The microphone could not be started. Retry — or continue by typing.';
  }
}
