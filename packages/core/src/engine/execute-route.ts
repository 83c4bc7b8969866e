import { SwitchyardError, toSwitchyardError } from '../errors/switchyard-error';
import type { Model } from '../provider/contract';
import { decide } from './decide';
import type { TargetCall } from './model-calls';
import {
  announceFallback,
  failRun,
  recordFailure,
  recordSkip,
  recordSuccess,
  startRun,
  type AttemptStep,
  type EngineDeps,
  type RouteRun,
  type TargetPlace,
} from './route-run';
import { runAttempt, sleep } from './run-attempt';
import type { ExecuteOptions, RouteTarget, RoutedCall } from './types';

/**
 * Runs one routed call: walks the route's targets in order, making `call` at
 * each with retries, until one succeeds. Rejects with a RouteFailedError.
 */
export async function executeRoute<TValue>(
  deps: EngineDeps,
  execution: ExecuteOptions<unknown>,
  call: TargetCall<TValue>,
): Promise<RoutedCall<TValue>> {
  const run = startRun(deps, execution);
  const { route, signal } = execution;
  if (route.targets.length === 0) failRun(run, 'no-targets');
  for (const [index, target] of route.targets.entries()) {
    if (signal?.aborted) failRun(run, 'cancelled');
    const served = await runTarget(run, { target, index }, call);
    if (served !== undefined) return served;
  }
  return failRun(run, run.deadlineCutShort ? 'deadline' : 'all-targets-failed');
}

/**
 * Tries one target: its admission, then attempts until one succeeds (the
 * routed call) or the decision moves on (undefined).
 */
async function runTarget<TValue>(
  run: RouteRun,
  place: TargetPlace,
  call: TargetCall<TValue>,
): Promise<RoutedCall<TValue> | undefined> {
  const { deps, execution } = run;
  const { route, signal } = execution;
  const { target } = place;
  const breaker = deps.breakers.breakerFor(route, target);
  const unsupported = unsupportedAt(run, target, call);
  if (unsupported !== undefined) {
    return recordSkip(run, place, {
      reason: 'unsupported',
      message: unsupported,
    });
  }
  if (execution.admitTarget !== undefined) {
    const verdict = await execution.admitTarget(target);
    if (verdict !== undefined) return recordSkip(run, place, verdict.skip);
  }
  for (let attempt = 1; attempt <= route.retry.maxAttempts; attempt += 1) {
    if (signal?.aborted) failRun(run, 'cancelled');
    const remaining = run.deadline - deps.now();
    if (remaining <= 0) failRun(run, 'deadline');
    const acquired = deps.breakers.withStateEvents(target, breaker, () =>
      breaker.tryAcquire(deps.now()),
    );
    if (!acquired) return recordSkip(run, place, 'breaker-open');
    const timeoutMs = Math.min(route.timeoutMs, remaining);
    const step = { ...place, breaker, attempt, timeoutMs };
    const outcome = await attemptTarget(run, step, call);
    if (outcome.ok) return outcome.served;
    if (!(await actOnFailure(run, step, outcome.error))) return undefined;
  }
  return undefined;
}

/** Makes one attempt and records its outcome. */
async function attemptTarget<TValue>(
  run: RouteRun,
  step: AttemptStep,
  call: TargetCall<TValue>,
): Promise<
  | { ok: true; served: RoutedCall<TValue> }
  | { ok: false; error: SwitchyardError }
> {
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
      callerSignal: execution.signal,
      provider: target.instance,
    });
    recordSuccess(run, step, deps.now() - startedAt);
    const served: RoutedCall<TValue> = {
      value,
      provider: target.instance,
      model: target.model,
      fallbackUsed: step.index > 0,
      attempts: run.attempts,
      latencyMs: deps.now() - run.startedAt,
    };
    return { ok: true, served };
  } catch (thrown) {
    const error = toSwitchyardError(thrown, target.instance);
    recordFailure(run, step, { error, latencyMs: deps.now() - startedAt });
    return { ok: false, error };
  }
}

/**
 * Acts on {@link decide}'s verdict after a failed attempt: waits and resolves
 * true to retry the target, resolves false to move on, or fails the call.
 */
async function actOnFailure(
  run: RouteRun,
  step: AttemptStep,
  error: SwitchyardError,
): Promise<boolean> {
  const { deps, execution } = run;
  const { route, signal } = execution;
  if (signal?.aborted) failRun(run, 'cancelled');
  run.deadlineCutShort =
    error.code === 'timeout' && step.timeoutMs < route.timeoutMs;
  const decision = decide({
    error,
    route,
    attempt: step.attempt,
    breaker: step.breaker.stateAt(deps.now()),
    remainingMs: run.deadline - deps.now(),
    random: deps.random,
  });
  if (decision.action === 'stop') return failRun(run, decision.reason);
  if (decision.action === 'fallback') {
    announceFallback(run, step, decision.reason);
    return false;
  }
  const { delayMs } = decision;
  const { target, attempt } = step;
  run.emit({
    type: 'retry',
    route: route.name,
    target,
    attempt,
    delayMs,
    code: error.code,
  });
  try {
    await sleep(delayMs, signal);
  } catch {
    failRun(run, 'cancelled');
  }
  return true;
}

/**
 * Why the target's model cannot serve this call, before any attempt: the
 * provider has no such model kind, or the model's capabilities lack what
 * the request needs. Undefined when it can (or when resolving it fails
 * otherwise: an attempt then reports that error).
 */
function unsupportedAt<TValue>(
  run: RouteRun,
  target: RouteTarget,
  call: TargetCall<TValue>,
): string | undefined {
  if (call.unsupported === undefined) return undefined;
  let model: Model;
  try {
    model = run.deps.resolveModel(target, run.execution.route.kind);
  } catch (error) {
    return SwitchyardError.isInstance(error) && error.code === 'unsupported'
      ? error.message
      : undefined;
  }
  return call.unsupported(model);
}
