import type { SwitchyardError } from '../errors/switchyard-error';
import { attemptLimitMs, attemptTarget } from './attempt';
import { decide } from './decide';
import {
  attemptWithHedge,
  startHedge,
  takeHedgeFailure,
  type HedgeContext,
} from './hedge';
import type { TargetCall } from './model-calls';
import {
  announceFallback,
  failRun,
  recordSkip,
  startRun,
  type AttemptStep,
  type EngineDeps,
  type TargetPlace,
} from './route-run';
import { sleep } from './run-attempt';
import { skipUnadmitted, skipUnsupported } from './target-admission';
import type { ExecuteOptions, RoutedCall } from './types';

/**
 * Runs one routed call: walks the route's targets in order, making `call` at
 * each with retries, until one succeeds. The call's first attempt may be
 * hedged (the route's `hedge`). Rejects with a RouteFailedError.
 */
export async function executeRoute<TValue>(
  deps: EngineDeps,
  execution: ExecuteOptions<unknown>,
  call: TargetCall<TValue>,
): Promise<RoutedCall<TValue>> {
  const run = startRun(deps, execution);
  const context: HedgeContext<TValue> = {
    run,
    call,
    hedge: startHedge({ run, call }),
  };
  const { route, signal } = execution;
  if (route.targets.length === 0) failRun(run, 'no-targets');
  for (const [index, target] of route.targets.entries()) {
    if (signal?.aborted) failRun(run, 'cancelled');
    // Skipped (and recorded) already, by the hedge on its way.
    if (context.hedge.passed.has(index)) continue;
    const served = await runTarget(context, { target, index });
    if (served !== undefined) return served;
  }
  return failRun(run, run.deadlineCutShort ? 'deadline' : 'all-targets-failed');
}

/**
 * Tries one target: its admission, then attempts until one succeeds (the
 * routed call) or the decision moves on (undefined). A target the hedge
 * tried already resumes after that attempt, acting on its failure.
 */
async function runTarget<TValue>(
  context: HedgeContext<TValue>,
  place: TargetPlace,
): Promise<RoutedCall<TValue> | undefined> {
  const { run } = context;
  const { deps, execution } = run;
  const { route, signal } = execution;
  const { target } = place;
  const breaker = deps.breakers.breakerFor(route, target);
  const hedged = takeHedgeFailure(context.hedge, place.index);
  if (hedged !== undefined) {
    if (!(await actOnFailure(context, hedged.step, hedged.error))) {
      return undefined;
    }
  } else if (
    skipUnsupported(context, place) ||
    (await skipUnadmitted(run, place))
  ) {
    return undefined;
  }
  const first = (hedged?.step.attempt ?? 0) + 1;
  for (let attempt = first; attempt <= route.retry.maxAttempts; attempt += 1) {
    if (signal?.aborted) failRun(run, 'cancelled');
    const remaining = run.deadline - deps.now();
    if (remaining <= 0) failRun(run, 'deadline');
    const acquired = deps.breakers.withStateEvents(target, breaker, () =>
      breaker.tryAcquire(deps.now()),
    );
    if (!acquired) return recordSkip(run, place, 'breaker-open');
    const timeoutMs = Math.min(attemptLimitMs(context), remaining);
    const step = { ...place, breaker, attempt, timeoutMs };
    const outcome = context.hedge.armed
      ? await attemptWithHedge(context, step)
      : await attemptTarget(context, step);
    if (outcome.ok) return outcome.served;
    if (!(await actOnFailure(context, step, outcome.error))) return undefined;
  }
  return undefined;
}

/**
 * Acts on {@link decide}'s verdict after a failed attempt: waits and resolves
 * true to retry the target, resolves false to move on, or fails the call.
 */
async function actOnFailure<TValue>(
  context: HedgeContext<TValue>,
  step: AttemptStep,
  error: SwitchyardError,
): Promise<boolean> {
  const { run } = context;
  const { deps, execution } = run;
  const { route, signal } = execution;
  if (signal?.aborted) failRun(run, 'cancelled');
  run.deadlineCutShort =
    error.code === 'timeout' && step.timeoutMs < attemptLimitMs(context);
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
