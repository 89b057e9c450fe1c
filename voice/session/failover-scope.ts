import { AsyncLocalStorage } from 'node:async_hooks';
import type { FailoverNotice } from './types.ts';

/**
 * Provider chains are shared by every call and report switches through one callback; this scope
 * routes a switch to the session whose work triggered it (the LLM/TTS/STT call runs inside the
 * session's async context), so two concurrent calls never see each other's failovers.
 */
const scope = new AsyncLocalStorage<(notice: FailoverNotice) => void>();

/** Give this to the provider registry as `onSwitch`. */
export function reportFailover(notice: FailoverNotice): void {
  scope.getStore()?.(notice);
}

export function withFailoverListener<T>(listener: (notice: FailoverNotice) => void, fn: () => T): T {
  return scope.run(listener, fn);
}
