import {
  JOB_STATUSES,
  SYSTEM_HEALTH_STATES,
  TARGET_HEALTH_STATES,
  type JobCounts,
  type SystemHealthState,
  type TargetHealthState,
} from '@switchyard/core';
import { Gauge, type Registry } from 'prom-client';

/** How long job counts read from the store serve scrapes before they are read again. */
export const JOB_COUNTS_MAX_AGE_MS = 1_000;

/**
 * The health monitor's view, as `/metrics` shows it: the system's state and
 * each target's (`instance:model`).
 */
export interface HealthSnapshot {
  system: SystemHealthState;
  targets: ReadonlyArray<{ target: string; state: TargetHealthState }>;
}

/** Reads a health snapshot when `/metrics` is scraped. */
export type HealthReader = () => HealthSnapshot | Promise<HealthSnapshot>;

/**
 * A read shared by the gauges of one scrape, reused for `maxAgeMs` after it
 * resolves; a failed read is reported to `onError` and shows nothing.
 */
export function cachedRead<TValue>(options: {
  read: () => TValue | Promise<TValue>;
  maxAgeMs: number;
  now: () => number;
  onError: (error: unknown) => void;
}): () => Promise<TValue | undefined> {
  let last: { at: number; value: Promise<TValue | undefined> } | undefined;
  let pending = false;
  return () => {
    if (
      last !== undefined &&
      (pending || options.now() - last.at < options.maxAgeMs)
    ) {
      return last.value;
    }
    pending = true;
    const value = Promise.resolve()
      .then(options.read)
      .catch((error: unknown) => {
        options.onError(error);
        return undefined;
      })
      .finally(() => {
        pending = false;
        if (last !== undefined) last.at = options.now();
      });
    last = { at: options.now(), value };
    return value;
  };
}

/**
 * `switchyard_jobs{status}` and `switchyard_job_queue_depth` (jobs waiting
 * to start), read from the store at scrape time through `counts`.
 */
export function registerJobGauges(options: {
  registry: Registry;
  counts: () => Promise<JobCounts | undefined>;
}): void {
  const { registry, counts } = options;
  new Gauge({
    name: 'switchyard_jobs',
    help: 'Async jobs in the store by status (every replica on one store reports the same numbers).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const read = await counts();
      if (read === undefined) return;
      for (const status of JOB_STATUSES) this.set({ status }, read[status]);
    },
  });
  new Gauge({
    name: 'switchyard_job_queue_depth',
    help: 'Async jobs waiting to start (status queued) in the store.',
    registers: [registry],
    async collect() {
      const read = await counts();
      if (read !== undefined) this.set(read.queued);
    },
  });
}

/**
 * `switchyard_health_state{target}` (0 healthy, 1 degraded, 2 down) and
 * `switchyard_system_health_state` (0 healthy, 1 degraded, 2 critical),
 * from `snapshot` at scrape time. Registered once something reports
 * health, so a gateway without a health monitor shows neither.
 */
export function registerHealthGauges(options: {
  registry: Registry;
  snapshot: () => Promise<HealthSnapshot | undefined>;
  target: (target: string) => string;
}): void {
  const { registry, snapshot } = options;
  new Gauge({
    name: 'switchyard_health_state',
    help: 'Health of each target (instance:model): 0 healthy, 1 degraded, 2 down.',
    labelNames: ['target'] as const,
    registers: [registry],
    async collect() {
      const read = await snapshot();
      // A failed read keeps what the last scrape showed.
      if (read === undefined) return;
      this.reset();
      for (const { target, state } of read.targets) {
        this.set(
          { target: options.target(target) },
          TARGET_HEALTH_STATES.indexOf(state),
        );
      }
    },
  });
  new Gauge({
    name: 'switchyard_system_health_state',
    help: 'Health of the gateway as a whole: 0 healthy, 1 degraded, 2 critical.',
    registers: [registry],
    async collect() {
      const read = await snapshot();
      if (read !== undefined) {
        this.set(SYSTEM_HEALTH_STATES.indexOf(read.system));
      }
    },
  });
}
