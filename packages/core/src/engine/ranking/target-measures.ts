import type { ErrorCode } from '../../errors/codes';
import type { ModelKind } from '../../provider/contract';
import { formatTarget } from '../route';
import type { EngineEvent, Route, RouteTarget } from '../types';
import { InFlightCounter } from './in-flight';
import { LatencyTracker, latencyKey } from './latency-tracker';
import type { TargetStats } from './types';

/**
 * Failures whose latency says how long the target takes: they used their
 * time. A fast refusal (`rate_limited`, `auth`, …) or a caller's cancel
 * says nothing about it.
 */
export const TIMED_FAILURE_CODES: ReadonlySet<ErrorCode> = new Set([
  'timeout',
  'server_error',
  'overloaded',
  'network',
  'invalid_response',
]);

/** Measures one routed call's attempts from its engine events. */
export interface AttemptMeter {
  /** Feeds one of the call's events: `attempt-start` and `attempt-end` count. */
  observe(event: EngineEvent): void;
  /** Ends every attempt of the call still counted in flight (the call is over). */
  endAll(): void;
}

/**
 * What the engine measures at its targets: peak-EWMA latency per target
 * and kind of call, and calls in flight per target, in this process.
 */
export class TargetMeasures {
  private readonly latency: LatencyTracker;
  private readonly inFlight = new InFlightCounter();
  private readonly now: () => number;

  constructor(options: { now: () => number; maxLatencyKeys?: number }) {
    this.now = options.now;
    this.latency = new LatencyTracker({ maxKeys: options.maxLatencyKeys });
  }

  /** The latency and load measured at a target for one kind of call. */
  stats(target: RouteTarget, kind: ModelKind): TargetStats {
    const estimate = this.latency.estimate(latencyKey(target, kind));
    return {
      ...(estimate.latencyMs === undefined
        ? {}
        : { latencyMs: estimate.latencyMs }),
      samples: estimate.samples,
      inFlight: this.inFlight.count(formatTarget(target)),
    };
  }

  /**
   * A meter for one call on `route`: an attempt counts in flight from its
   * `attempt-start` to its `attempt-end`, once; an `attempt-end` that
   * succeeded, or failed with one of {@link TIMED_FAILURE_CODES}, adds its
   * latency under the route's kind, fading at the route's `fastest.decayMs`.
   */
  meter(route: Route): AttemptMeter {
    const open = new Map<string, (() => void)[]>();
    return {
      observe: (event) => {
        if (event.type === 'attempt-start') {
          const key = attemptKey(event.target, event.attempt);
          const ends = open.get(key) ?? [];
          ends.push(this.inFlight.start(formatTarget(event.target)));
          open.set(key, ends);
        } else if (event.type === 'attempt-end') {
          open.get(attemptKey(event.target, event.attempt))?.shift()?.();
          if (event.outcome === 'success' || timed(event.code)) {
            this.latency.record(latencyKey(event.target, route.kind), {
              latencyMs: event.latencyMs,
              at: this.now(),
              decayMs: route.fastest.decayMs,
            });
          }
        }
      },
      endAll: () => {
        for (const ends of open.values()) for (const end of ends) end();
        open.clear();
      },
    };
  }
}

function attemptKey(target: RouteTarget, attempt: number): string {
  return `${formatTarget(target)}#${attempt}`;
}

function timed(code: ErrorCode | undefined): boolean {
  return code !== undefined && TIMED_FAILURE_CODES.has(code);
}
