/** A timer a {@link HealthScheduler} set; pass it back to cancel it. */
export type ScheduledTimer = unknown;

/**
 * How the health monitor waits: its probe ticks, probe timeouts and alert
 * retries. Tests inject one that never fires (and drive the monitor with
 * `probeNow()`); the default uses real timers that never keep the process
 * alive.
 */
export interface HealthScheduler {
  setTimeout(callback: () => void, delayMs: number): ScheduledTimer;
  clearTimeout(timer: ScheduledTimer): void;
}

/** Real timers, `unref`'d: a pending probe or retry never holds the process open. */
export const realScheduler: HealthScheduler = {
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clearTimeout(timer) {
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  },
};

/** A scheduler whose timers never fire: the monitor moves only when told (`probeNow()`). */
export const manualScheduler: HealthScheduler = {
  setTimeout: () => undefined,
  clearTimeout: () => undefined,
};

/**
 * Waits `delayMs` on `scheduler`; resolves false at once (and clears the
 * timer) when `signal` aborts first.
 */
export function waitOn(
  scheduler: HealthScheduler,
  delayMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      scheduler.clearTimeout(timer);
      resolve(false);
    };
    const timer = scheduler.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
