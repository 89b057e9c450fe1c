import { type ChildProcess, spawn } from 'node:child_process';
import { ProviderError } from './errors.ts';

/**
 * Spawns a local engine binary. A missing binary is an `invalid` ProviderError (configuration, not
 * a transient fault), so failover keeps the engine out until a probe finds it installed.
 */
export function spawnEngine(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.on('error', () => {}); // EPIPE when the engine exits early is reported via its exit code
  // A spawn failure (ENOENT) arrives as an 'error' event; `exited()` turns it into a rejection.
  const failed = new Promise<never>((_, reject) => child.once('error', reject));
  failed.catch(() => {});
  spawnFailures.set(child, failed);
  return child;
}

const spawnFailures = new WeakMap<ChildProcess, Promise<never>>();

export function engineError(provider: string, command: string, error: unknown): ProviderError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT')
    return new ProviderError(provider, 'invalid', `${command} is not installed`, { cause: error });
  return new ProviderError(provider, 'server', `${command} failed: ${(error as Error).message}`, {
    cause: error,
  });
}

/** Resolves with the exit code once stdio closed; rejects on spawn errors (e.g. ENOENT). Call right after spawning. */
export function exited(child: ChildProcess): Promise<number | null> {
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const failed = spawnFailures.get(child);
  return failed ? Promise.race([closed, failed]) : closed;
}
