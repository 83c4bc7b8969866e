import type {
  ErrorCode,
  SystemHealthState,
  TargetHealthState,
} from '@switchyard/core';
import type { StateChange } from './health-judge';

/** Probes kept per instance (for runs of failures and the last probe). */
export const PROBES_KEPT = 20;
/** State changes kept per target (for uptime over 24 h). */
export const CHANGES_KEPT = 500;

/** One finished probe of a provider instance. */
export interface ProbeRecord {
  ok: boolean;
  latencyMs: number;
  /** Epoch milliseconds when it ended. */
  at: number;
  code?: ErrorCode;
  /** The failure's message, credentials redacted. */
  message?: string;
}

/** The stored state of a target (`target:<instance:model>`) or of the system (`system`). */
export interface StoredState {
  state: TargetHealthState | SystemHealthState;
  /** Epoch milliseconds of the change into it. */
  since: number;
  reason: string;
}

/** A state change to make, if the state is still `from`. */
export interface StateChangeRequest {
  key: string;
  /** The state this replica saw; undefined when it saw none. */
  from: StoredState['state'] | undefined;
  to: StoredState;
}

/**
 * Where probe results and health states live: this process's memory, or
 * Redis shared by every replica. States are read from a local mirror, so
 * `stateOf` does no I/O; a change is a compare-and-set, so of replicas that
 * see the same change exactly one makes it (and alerts).
 */
export interface HealthStore {
  /**
   * Claims the probe of `instance` for one interval (`slot`): true for one
   * replica only, which then probes; the others read its result.
   */
  claimProbe(options: {
    instance: string;
    slot: number;
    ttlMs: number;
  }): Promise<boolean>;
  saveProbe(instance: string, probe: ProbeRecord): Promise<void>;
  /** The recent probes of each instance, oldest first. */
  probes(instances: readonly string[]): Promise<Map<string, ProbeRecord[]>>;
  /**
   * Changes a state when it is still `from`: true when this call made the
   * change. Either way the mirror then holds the stored state.
   */
  changeState(request: StateChangeRequest): Promise<boolean>;
  /** The state changes of each key, oldest first (for uptime). */
  history(keys: readonly string[]): Promise<Map<string, StateChange[]>>;
  /** The state of a key, from the local mirror. */
  stateOf(key: string): StoredState | undefined;
  /** Stops listening to other replicas. */
  close(): void;
}

/** The key of a target's state. */
export const targetKey = (target: string): string => `target:${target}`;
/** The key of the system's state. */
export const SYSTEM_KEY = 'system';

/** A {@link HealthStore} in this process's memory (one replica). */
export function createMemoryHealthStore(): HealthStore {
  const probes = new Map<string, ProbeRecord[]>();
  const states = new Map<string, StoredState>();
  const changes = new Map<string, StateChange[]>();
  return {
    claimProbe: () => Promise.resolve(true),
    saveProbe(instance, probe) {
      const list = [...(probes.get(instance) ?? []), probe];
      probes.set(instance, list.slice(-PROBES_KEPT));
      return Promise.resolve();
    },
    probes: (instances) =>
      Promise.resolve(
        new Map(instances.map((name) => [name, probes.get(name) ?? []])),
      ),
    changeState({ key, from, to }) {
      if (states.get(key)?.state !== from) return Promise.resolve(false);
      states.set(key, to);
      const list = [
        ...(changes.get(key) ?? []),
        { to: to.state, at: to.since },
      ];
      changes.set(key, list.slice(-CHANGES_KEPT));
      return Promise.resolve(true);
    },
    history: (keys) =>
      Promise.resolve(
        new Map(keys.map((key) => [key, changes.get(key) ?? []])),
      ),
    stateOf: (key) => states.get(key),
    close: () => undefined,
  };
}
