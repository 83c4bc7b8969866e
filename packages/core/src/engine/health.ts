import type { ErrorCode } from '../errors/codes';

/** One finished call at a target, as health statistics count it. */
export interface CallRecord {
  ok: boolean;
  latencyMs: number;
  code?: ErrorCode;
  /** Epoch milliseconds when the call ended. */
  at: number;
}

/** Recent-call statistics of one target. */
export interface HealthStats {
  recentCalls: number;
  successRate?: number;
  latencyP50Ms?: number;
  latencyP95Ms?: number;
  lastErrorCode?: ErrorCode;
  lastCallAt?: number;
}

/** Keeps the last `window` calls of each target, for health reports. */
export class HealthTracker {
  private readonly records = new Map<string, CallRecord[]>();

  constructor(private readonly window: number) {}

  record(key: string, record: CallRecord): void {
    let list = this.records.get(key);
    if (list === undefined) {
      list = [];
      this.records.set(key, list);
    }
    list.push(record);
    if (list.length > this.window) list.shift();
  }

  keys(): string[] {
    return [...this.records.keys()];
  }

  stats(key: string): HealthStats {
    return summarizeCalls(this.records.get(key) ?? []);
  }
}

/** Statistics of a target's recent calls, oldest first (shared by replicas' stores too). */
export function summarizeCalls(list: readonly CallRecord[]): HealthStats {
  if (list.length === 0) return { recentCalls: 0 };
  const latencies = list
    .map((record) => record.latencyMs)
    .sort((a, b) => a - b);
  const lastError = list.findLast((record) => !record.ok);
  return {
    recentCalls: list.length,
    successRate: list.filter((record) => record.ok).length / list.length,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    lastErrorCode: lastError?.code,
    lastCallAt: list.at(-1)?.at,
  };
}

function percentile(sorted: number[], quantile: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(quantile * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}
