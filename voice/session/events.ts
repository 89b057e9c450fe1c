import type { AgentState, FailoverNotice, TurnLatency } from './types.ts';

export interface SessionEvents {
  state_changed: { state: AgentState };
  user_transcript: { text: string; final: boolean };
  /** A sentence of the agent's reply as it starts playing. */
  agent_reply: { text: string };
  tool: { name: string; summary: string; ok: boolean };
  failover: FailoverNotice;
  latency: TurnLatency & { turn: number };
  error: { error: Error; where: string };
  closed: { reason: string };
}

type Listener<K extends keyof SessionEvents> = (payload: SessionEvents[K]) => void;

/** A small typed emitter; a throwing listener is reported, never allowed to break the call. */
export class SessionEmitter {
  private readonly listeners = new Map<keyof SessionEvents, Set<Listener<never>>>();

  on<K extends keyof SessionEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof SessionEvents>(event: K, payload: SessionEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch {
        // A UI listener failing must not end a phone call.
      }
    }
  }
}
