import { ERROR_CODES } from '../errors/codes';
import {
  RouteFailedError,
  type FailureReason,
} from '../errors/route-failed-error';
import type { SwitchyardError } from '../errors/switchyard-error';
import type { Attempt } from '../schemas/generate';
import type { BreakerRegistry } from './breaker-registry';
import type { CircuitBreaker } from './circuit-breaker';
import { notify, type EngineListeners } from './engine-listeners';
import type { HealthTracker } from './health';
import type { AttemptMeter, TargetMeasures } from './ranking/target-measures';
import type { FallbackReason, SkipReason } from './reasons';
import { formatTarget } from './route';
import type {
  EngineEvent,
  ExecuteOptions,
  ModelResolver,
  RouteTarget,
} from './types';

/** What every routed call shares: the engine's clock, breakers, health and observers. */
export interface EngineDeps {
  now: () => number;
  random: () => number;
  resolveModel: ModelResolver;
  breakers: BreakerRegistry;
  health: HealthTracker;
  /** Latency and calls in flight per target, fed by every run's attempt events. */
  measures: TargetMeasures;
  listeners: EngineListeners;
}

/** One routed call in progress. */
export interface RouteRun {
  deps: EngineDeps;
  execution: ExecuteOptions<unknown>;
  /**
   * Sends an event to the engine's observers and the call's own, after the
   * meter has counted it: every `attempt-start` needs its `attempt-end`
   * (from `recordSuccess` or `recordFailure`) to leave the target's
   * in-flight count.
   */
  emit: (event: EngineEvent) => void;
  startedAt: number;
  deadline: number;
  attempts: Attempt[];
  errors: SwitchyardError[];
  /**
   * Set when an attempt timed out because the deadline, not the per-attempt
   * timeout, cut it short: the call then failed for lack of time.
   */
  deadlineCutShort: boolean;
  /** Counts this call's attempts in flight and their latency (see `emit`). */
  meter: AttemptMeter;
}

/** A target and its place in the route. */
export interface TargetPlace {
  target: RouteTarget;
  index: number;
}

/** One attempt at one target. */
export interface AttemptStep extends TargetPlace {
  breaker: CircuitBreaker;
  /** 1-based, per target. */
  attempt: number;
  timeoutMs: number;
}

/** Starts the bookkeeping of one routed call. */
export function startRun(
  deps: EngineDeps,
  execution: ExecuteOptions<unknown>,
): RouteRun {
  const startedAt = deps.now();
  const { onEvent } = execution;
  const meter = deps.measures.meter(execution.route);
  return {
    deps,
    execution,
    emit: (event) => {
      meter.observe(event);
      deps.listeners.emit(event);
      if (onEvent !== undefined) notify(onEvent, event);
    },
    startedAt,
    deadline: startedAt + execution.route.deadlineMs,
    attempts: [],
    errors: [],
    deadlineCutShort: false,
    meter,
  };
}

/** Fails the call with every attempt and error so far. */
export function failRun(run: RouteRun, reason: FailureReason): never {
  run.meter.endAll();
  throw new RouteFailedError({
    reason,
    attempts: run.attempts,
    errors: run.errors,
  });
}

/** Records an attempt that succeeded: breaker, health, attempts, event. */
export function recordSuccess(
  run: RouteRun,
  step: AttemptStep,
  latencyMs: number,
): void {
  const { deps } = run;
  const { target, breaker } = step;
  deps.breakers.withStateEvents(target, breaker, () => breaker.recordSuccess());
  deps.health.record(formatTarget(target), {
    ok: true,
    latencyMs,
    at: deps.now(),
  });
  run.attempts.push({
    provider: target.instance,
    model: target.model,
    outcome: 'success',
    latencyMs,
  });
  run.emit({
    type: 'attempt-end',
    route: run.execution.route.name,
    target,
    attempt: step.attempt,
    outcome: 'success',
    latencyMs,
  });
}

/** Records an attempt that failed: breaker, health, errors, attempts, event. */
export function recordFailure(
  run: RouteRun,
  step: AttemptStep,
  failure: { error: SwitchyardError; latencyMs: number },
): void {
  const { error, latencyMs } = failure;
  const { deps } = run;
  const { target, breaker } = step;
  deps.breakers.withStateEvents(target, breaker, () => {
    if (ERROR_CODES[error.code].tripsBreaker) breaker.recordFailure(deps.now());
    else breaker.release();
  });
  if (error.code !== 'cancelled') {
    deps.health.record(formatTarget(target), {
      ok: false,
      latencyMs,
      code: error.code,
      at: deps.now(),
    });
  }
  run.errors.push(error);
  const { code, statusCode: status, retryAfterMs } = error;
  run.attempts.push({
    provider: target.instance,
    model: target.model,
    outcome: 'error',
    code,
    status,
    message: error.message,
    latencyMs,
    retryAfterMs,
  });
  run.emit({
    type: 'attempt-end',
    route: run.execution.route.name,
    target,
    attempt: step.attempt,
    outcome: 'error',
    code,
    status,
    message: error.message,
    latencyMs,
    retryAfterMs,
  });
}

/** Records a target skipped without a call, and moves on. */
export function recordSkip(
  run: RouteRun,
  place: TargetPlace,
  /** The reason, with what the skip was for when there is more to say. */
  skip: SkipReason | { reason: SkipReason; message: string },
): undefined {
  const { target } = place;
  const { reason, message } =
    typeof skip === 'string' ? { reason: skip, message: undefined } : skip;
  run.attempts.push({
    provider: target.instance,
    model: target.model,
    outcome: 'skipped',
    reason,
    ...(reason === 'unsupported' ? { code: 'unsupported' as const } : {}),
    ...(message === undefined ? {} : { message }),
    latencyMs: 0,
  });
  announceFallback(run, place, reason);
  return undefined;
}

/** Emits `fallback` from this target to the next one, when there is one. */
export function announceFallback(
  run: RouteRun,
  place: TargetPlace,
  reason: FallbackReason,
): void {
  const { route } = run.execution;
  const next = route.targets[place.index + 1];
  if (next) {
    run.emit({
      type: 'fallback',
      route: route.name,
      from: place.target,
      to: next,
      reason,
    });
  }
}
