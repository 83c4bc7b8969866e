import type { Provider } from '@switchyard/core';
import type { Logger } from '../logger';
import type { HealthStore } from './health-store';
import { probeInstance } from './probe-runner';
import type { HealthScheduler, ScheduledTimer } from './scheduler';

/** An instance the monitor probes: its name and its provider's `probe`. */
export interface ProbedInstance {
  name: string;
  probe: NonNullable<Provider['probe']>;
}

/** Options of {@link createProbeLoop}. */
export interface ProbeLoopOptions {
  instances: readonly ProbedInstance[];
  store: HealthStore;
  intervalMs: number;
  timeoutMs: number;
  now: () => number;
  scheduler: HealthScheduler;
  redact: (text: string) => string;
  logger: Logger;
  /** Runs after each round's probes (the monitor judges every target). */
  afterRound: () => Promise<void>;
}

/**
 * The probe rounds of a monitor, the first one interval after `start`:
 * every instance at once (each round is one interval, claimed by one
 * replica per instance), then `afterRound`; the next round is scheduled
 * when one ends, so rounds never overlap.
 */
export function createProbeLoop(options: ProbeLoopOptions): {
  start(): void;
  stop(): void;
  runNow(): Promise<void>;
} {
  const { scheduler, logger, intervalMs } = options;
  const stopped = new AbortController();
  let timer: ScheduledTimer;
  const round = async () => {
    const slot = Math.floor(options.now() / intervalMs);
    await Promise.all(
      options.instances.map((instance) =>
        probeInstance({
          ...options,
          instance: instance.name,
          probe: instance.probe,
          slot,
          signal: stopped.signal,
        }),
      ),
    );
    await options.afterRound();
  };
  const schedule = (delayMs: number) => {
    if (stopped.signal.aborted) return;
    timer = scheduler.setTimeout(() => {
      round()
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'a health probe round failed');
        })
        .finally(() => schedule(intervalMs));
    }, delayMs);
  };
  return {
    start: () => schedule(intervalMs),
    stop() {
      stopped.abort();
      scheduler.clearTimeout(timer);
    },
    runNow: round,
  };
}

/** The instances of a config to probe: those whose provider can, unless `health.probes` turns one off. */
export function probedInstances(
  instances: Iterable<{ name: string; provider: Provider }>,
  probes: Record<string, false> | undefined,
): ProbedInstance[] {
  return [...instances].flatMap((instance): ProbedInstance[] => {
    const { provider } = instance;
    if (provider.probe === undefined || probes?.[instance.name] === false) {
      return [];
    }
    return [{ name: instance.name, probe: provider.probe.bind(provider) }];
  });
}
