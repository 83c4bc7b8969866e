import { SwitchyardError, type Provider } from '@switchyard/core';
import type { HealthStore, ProbeRecord } from './health-store';
import type { HealthScheduler } from './scheduler';

/** The longest error message kept with a probe or call. */
export const MESSAGE_LIMIT = 500;

/** What probing one instance needs. */
export interface ProbeRun {
  instance: string;
  /** The provider's `probe`. */
  probe: NonNullable<Provider['probe']>;
  store: HealthStore;
  /** The interval this probe is for: one replica claims it. */
  slot: number;
  intervalMs: number;
  timeoutMs: number;
  now: () => number;
  scheduler: HealthScheduler;
  /** Scrubs credentials from an error message. */
  redact: (text: string) => string;
  /** The monitor stopping: the probe is dropped, not recorded. */
  signal: AbortSignal;
}

/**
 * Probes an instance once, if this replica claims the interval's probe: the
 * provider's `probe` within `timeoutMs` (longer is a `timeout` failure), its
 * outcome stored for every replica. Resolves true when it probed.
 */
export async function probeInstance(run: ProbeRun): Promise<boolean> {
  const claimed = await run.store.claimProbe({
    instance: run.instance,
    slot: run.slot,
    ttlMs: run.intervalMs,
  });
  if (!claimed || run.signal.aborted) return false;
  const record = await timedProbe(run);
  if (run.signal.aborted) return false;
  await run.store.saveProbe(run.instance, record);
  return true;
}

/** Runs the provider's probe, bounded by the timeout and the monitor's stop. */
async function timedProbe(run: ProbeRun): Promise<ProbeRecord> {
  const controller = new AbortController();
  const stop = () => controller.abort(run.signal.reason);
  run.signal.addEventListener('abort', stop, { once: true });
  const timer = run.scheduler.setTimeout(() => {
    controller.abort(
      new SwitchyardError({
        code: 'timeout',
        provider: run.instance,
        message: `The health probe of ${run.instance} did not answer within ${run.timeoutMs} ms (health.probeTimeoutMs).`,
      }),
    );
  }, run.timeoutMs);
  const started = run.now();
  try {
    await run.probe({ signal: controller.signal });
    return { ok: true, latencyMs: run.now() - started, at: run.now() };
  } catch (error) {
    const failure = SwitchyardError.isInstance(error)
      ? error
      : new SwitchyardError({
          code: 'unknown',
          provider: run.instance,
          message: error instanceof Error ? error.message : String(error),
          cause: error,
        });
    return {
      ok: false,
      latencyMs: run.now() - started,
      at: run.now(),
      code: failure.code,
      message: run.redact(failure.message).slice(0, MESSAGE_LIMIT),
    };
  } finally {
    run.scheduler.clearTimeout(timer);
    run.signal.removeEventListener('abort', stop);
  }
}
