import type { HealthCallRecord } from '../shared-state/redis-shared-state';

/** Calls kept per target, as the engine keeps for its own health. */
export const CALLS_KEPT = 100;

/**
 * The recent calls of each target: this process's (in memory) or every
 * replica's (`SharedHealth` in Redis has the same shape).
 */
export interface CallLog {
  record(target: string, call: HealthCallRecord): void;
  /** The recent calls of each target, oldest first. */
  calls(targets: readonly string[]): Promise<Map<string, HealthCallRecord[]>>;
}

/** A {@link CallLog} in this process's memory: the last 100 calls per target. */
export function createMemoryCallLog(): CallLog {
  const lists = new Map<string, HealthCallRecord[]>();
  return {
    record(target, call) {
      const list = lists.get(target) ?? [];
      list.push(call);
      if (list.length > CALLS_KEPT) list.shift();
      lists.set(target, list);
    },
    calls: (targets) =>
      Promise.resolve(
        new Map(
          targets.map((target) => [target, [...(lists.get(target) ?? [])]]),
        ),
      ),
  };
}
