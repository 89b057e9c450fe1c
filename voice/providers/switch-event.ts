/** A failover wrapper handing a role to the next provider (or to nobody: `to: 'none'`). */
export type ProviderRole = 'stt' | 'tts' | 'llm';

export interface SwitchEvent {
  role: ProviderRole;
  from: string;
  /** The provider taking over, or 'none' when the chain is exhausted or a reply was cut short. */
  to: string;
  reason: string;
}

/**
 * Optional per-call reporting hooks a caller can pass to any provider; plain providers ignore
 * them, failover wrappers call them (in addition to their chain-wide `onSwitch`), so a session
 * can log switches on the turn that saw them and record which provider actually served it.
 */
export interface ProviderReporting {
  onSwitch?: (event: SwitchEvent) => void;
  /** Called with the label of the provider whose output is being passed on (again after a switch). */
  onProvider?: (label: string) => void;
}
