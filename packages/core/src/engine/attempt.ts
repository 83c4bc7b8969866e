import { SwitchyardError, toSwitchyardError } from '../errors/switchyard-error';
import type { TargetCall } from './model-calls';
import {
  recordFailure,
  recordSuccess,
  type AttemptStep,
  type RouteRun,
} from './route-run';
import { runAttempt } from './run-attempt';
import type { RoutedCall } from './types';

/** What every attempt of one routed call shares: its run and the call it makes at each target. */
export interface AttemptContext<TValue> {
  run: RouteRun;
  call: TargetCall<TValue>;
}

/** How one attempt ended, before it is recorded. */
export type AttemptSettled<TValue> =
  | { ok: true; value: TValue; latencyMs: number }
  | { ok: false; error: SwitchyardError; latencyMs: number };

/** A recorded attempt: the routed call it served, or its error. */
export type AttemptOutcome<TValue> =
  | { ok: true; served: RoutedCall<TValue> }
  | { ok: false; error: SwitchyardError };

/** Makes one attempt and records its outcome. */
export async function attemptTarget<TValue>(
  context: AttemptContext<TValue>,
  step: AttemptStep,
): Promise<AttemptOutcome<TValue>> {
  return recordSettled(context, step, await launchAttempt(context, step));
}

/**
 * Makes one attempt without recording how it ended: emits `attempt-start`
 * and calls the target under the attempt's timeout and the caller's signal.
 * Aborting `stop` ends the attempt at once; its reason, a SwitchyardError,
 * is then the attempt's error (a hedge that lost).
 */
export async function launchAttempt<TValue>(
  context: AttemptContext<TValue>,
  step: AttemptStep,
  stop?: AbortSignal,
): Promise<AttemptSettled<TValue>> {
  const { run, call } = context;
  const { deps, execution } = run;
  const { route } = execution;
  const { target } = step;
  run.emit({
    type: 'attempt-start',
    route: route.name,
    target,
    attempt: step.attempt,
  });
  const startedAt = deps.now();
  try {
    const value = await runAttempt({
      call: (signal) =>
        call(deps.resolveModel(target, route.kind), signal, target),
      timeoutMs: step.timeoutMs,
      callerSignal: joinSignals(execution.signal, stop),
      provider: target.instance,
      timeoutMessage: firstTokenTimeoutMessage(context, step),
    });
    return { ok: true, value, latencyMs: deps.now() - startedAt };
  } catch (thrown) {
    // Stopped by `stop` (not by the caller): its reason is the error.
    const reason: unknown = stop?.reason;
    const error =
      stop?.aborted === true &&
      execution.signal?.aborted !== true &&
      SwitchyardError.isInstance(reason)
        ? reason
        : toSwitchyardError(thrown, target.instance);
    return { ok: false, error, latencyMs: deps.now() - startedAt };
  }
}

/**
 * Records a settled attempt (breaker, health, attempts, event) and, for a
 * success, builds the routed call it served.
 */
export function recordSettled<TValue>(
  context: AttemptContext<TValue>,
  step: AttemptStep,
  settled: AttemptSettled<TValue>,
): AttemptOutcome<TValue> {
  const { run } = context;
  const { target } = step;
  if (!settled.ok) {
    const { error, latencyMs } = settled;
    recordFailure(run, step, { error, latencyMs });
    return { ok: false, error };
  }
  recordSuccess(run, step, settled.latencyMs);
  const served: RoutedCall<TValue> = {
    value: settled.value,
    provider: target.instance,
    model: target.model,
    fallbackUsed: step.index > 0,
    attempts: run.attempts,
    latencyMs: run.deps.now() - run.startedAt,
  };
  return { ok: true, served };
}

/**
 * The most one attempt may take before it times out: the route's
 * `timeoutMs`, and for a stream's wait for its first part also the route's
 * `firstTokenTimeoutMs` (the deadline may cut either shorter).
 */
export function attemptLimitMs<TValue>(
  context: AttemptContext<TValue>,
): number {
  const { route } = context.run.execution;
  const firstToken =
    context.call.stream === true ? route.firstTokenTimeoutMs : undefined;
  return Math.min(route.timeoutMs, firstToken ?? Number.POSITIVE_INFINITY);
}

/** The timeout message of a stream's attempt that `firstTokenTimeoutMs` bounds, else undefined. */
function firstTokenTimeoutMessage<TValue>(
  context: AttemptContext<TValue>,
  step: AttemptStep,
): string | undefined {
  const { firstTokenTimeoutMs } = context.run.execution.route;
  if (context.call.stream !== true) return undefined;
  if (step.timeoutMs !== firstTokenTimeoutMs) return undefined;
  return `${step.target.instance} sent no first token within ${firstTokenTimeoutMs} ms (the route's firstTokenTimeoutMs); raise it if the model is slow to start.`;
}

/** The caller's signal joined with an attempt's own `stop`, when it has one. */
function joinSignals(
  caller: AbortSignal | undefined,
  stop: AbortSignal | undefined,
): AbortSignal | undefined {
  if (stop === undefined) return caller;
  if (caller === undefined) return stop;
  return AbortSignal.any([caller, stop]);
}
