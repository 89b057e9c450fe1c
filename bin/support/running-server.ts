import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.ts';

/**
 * `npm start` records where it really listens in DATA_DIR/server.json, so the developer tools run
 * from another terminal (`npm run call`, `npm run seed:demo`) reach the same server, database and
 * Redis without repeating PORT, PUBLIC_URL or DATABASE_URL. The file holds a database URL, so it
 * is private to its owner (like DATA_DIR/secrets.json), and it is removed on shutdown.
 */
export interface RunningServer {
  pid: number;
  /** Where this machine reaches the HTTP server, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** PUBLIC_URL the server signs Twilio webhooks against and builds links from. */
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  /** The speech recogniser calls use first (`local` = the offline engine). */
  speechToText: string;
}

const fileIn = (dataDir: string) => join(dataDir, 'server.json');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Writes the record; returns the function that removes it (only if it is still ours). */
export function recordRunningServer(dataDir: string, server: RunningServer): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = fileIn(dataDir);
  writeFileSync(file, `${JSON.stringify(server, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => {
    if (readRunningServer(dataDir)?.pid === server.pid) rmSync(file, { force: true });
  };
}

/** The server started from this data directory, or null if none is running. */
export function readRunningServer(dataDir: string): RunningServer | null {
  const file = fileIn(dataDir);
  if (!existsSync(file)) return null;
  try {
    const server = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
    return typeof server.pid === 'number' && isAlive(server.pid) ? server : null;
  } catch {
    return null;
  }
}

/** A URL this machine can connect to for a server listening on `host:port`. */
export function localBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * The first recogniser of the STT chain the server builds from this config: a named provider is
 * used only when its credentials are set (as voice/providers/registry.ts decides), and the chain
 * always ends with the offline `local` engine.
 */
export function firstSpeechRecognizer(voice: Config['voice']): string {
  for (const name of voice.sttProviders.map((n) => n.trim().toLowerCase())) {
    if (name === 'deepgram' && (voice.deepgram.apiKey || voice.deepgram.url)) return name;
    if (name === 'ibm' && voice.ibm.sttApiKey) return name;
    if (name === 'local') return name;
  }
  return 'local';
}
