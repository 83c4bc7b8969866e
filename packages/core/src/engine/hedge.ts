import { SwitchyardError } from '../errors/switchyard-error';
import {
  attemptTarget,
  launchAttempt,
  recordSettled,
  type AttemptContext,
  type AttemptOutcome,
  type AttemptSettled,
} from './attempt';
import { formatTarget } from './route';
import {
  recordSkip,
  type AttemptStep,
  type RouteRun,
  type TargetPlace,
} from './route-run';
import { skipUnadmitted, skipUnsupported } from './target-admission';
import type { RouteTarget } from './types';

/** What a routed call's hedge may still do; one per call. */
export interface HedgeState {
  /** True until the call's first attempt starts: only that attempt may be hedged. */
  armed: boolean;
  /**
   * Targets (by index) the hedge walked past on its way to the one it
   * started, their skips recorded: the call does not visit them again.
   */
  passed: Set<number>;
  /**
   * The hedge's own attempt, when it failed as well as the attempt it ran
   * beside: the call resumes at its target by acting on this failure.
   */
  failed?: HedgeFailure;
}

/** A failed attempt the hedge made, for the call to act on at its target. */
export interface HedgeFailure {
  step: AttemptStep;
  error: SwitchyardError;
}

/** A routed call's attempts with its hedge. */
export interface HedgeContext<TValue> extends AttemptContext<TValue> {
  hedge: HedgeState;
}

/**
 * The hedge of a new routed call: armed when its route has `hedge`, the
 * call is not a stream, and it has no task hooks (a durable job keeps one
 * task id, so it runs one task at a time).
 */
export function startHedge<TValue>(
  context: AttemptContext<TValue>,
): HedgeState {
  const { route, taskHooks } = context.run.execution;
  return {
    armed:
      route.hedge !== undefined &&
      context.call.stream !== true &&
      taskHooks === undefined,
    passed: new Set(),
  };
}

/** Takes the hedge's failed attempt at the target at `index`, if it made one there. */
export function takeHedgeFailure(
  hedge: HedgeState,
  index: number,
): HedgeFailure | undefined {
  const { failed } = hedge;
  if (failed === undefined || failed.step.index !== index) return undefined;
  hedge.failed = undefined;
  return failed;
}

/** One of the two attempts of a hedged call. */
interface Racer<TValue> {
  step: AttemptStep;
  /** True for the attempt the hedge started. */
  hedged: boolean;
  /** Aborted (with the reason) when the other attempt won. */
  stop: AbortController;
  settled: Promise<AttemptSettled<TValue>>;
  /** Set when it lost: its estimated price, which the gateway may still pay. */
  gatewayCostMicroCredits?: number;
}

/**
 * Makes the call's first attempt, with the route's hedge: when the attempt
 * has not settled after `hedge.afterMs`, the next target the call may use
 * (its own admission, breaker and attempt) starts beside it. The first
 * success wins and the other attempt is aborted (a task model's task is
 * cancelled at the provider) and recorded as `cancelled`, with its
 * estimated price as `gatewayCostMicroCredits`. A failure leaves the other
 * attempt running; when both fail, this attempt's error is returned and the
 * hedge's is kept in `hedge.failed` for the call to act on at its target.
 * No hedge when either model is a task model that cannot cancel, or when
 * the next target's estimated price is unknown or above
 * `hedge.maxExtraCost`.
 */
export async function attemptWithHedge<TValue>(
  context: HedgeContext<TValue>,
  step: AttemptStep,
): Promise<AttemptOutcome<TValue>> {
  context.hedge.armed = false;
  const settings = context.run.execution.route.hedge;
  if (settings === undefined || !cancellable(context.run, step.target)) {
    return attemptTarget(context, step);
  }
  const primary = launchRacer(context, { step, hedged: false });
  const timer = startTimer(settings.afterMs);
  const early = await Promise.race([primary.settled, timer.fired]);
  timer.clear();
  if (early !== undefined) return recordSettled(context, step, early);
  const hedge = await launchHedge(context, primary);
  if (hedge === undefined) {
    return recordSettled(context, step, await primary.settled);
  }
  return race(context, [primary, hedge]);
}

/**
 * Starts the hedge at the next target the call may use after the first
 * attempt's, or answers undefined when there is none or it may not be
 * hedged to. Targets skipped on the way (unsupported, not admitted,
 * breaker open) are recorded as skipped, as the call would have.
 */
async function launchHedge<TValue>(
  context: HedgeContext<TValue>,
  primary: Racer<TValue> & { succeeded: () => boolean },
): Promise<Racer<TValue> | undefined> {
  const { run, hedge } = context;
  const { route } = run.execution;
  for (const [index, target] of route.targets.entries()) {
    if (index <= primary.step.index) continue;
    if (primary.succeeded()) return undefined;
    const place = { target, index };
    if (skipUnsupported(context, place)) {
      hedge.passed.add(index);
      continue;
    }
    if (!mayHedgeTo(run, target)) return undefined;
    const admission = await admitForHedge(run, place);
    if (admission === 'refused' || primary.succeeded()) return undefined;
    const step = admission === 'skipped' ? 'skipped' : hedgeStep(run, place);
    if (step === undefined) return undefined;
    if (step === 'skipped') {
      hedge.passed.add(index);
      continue;
    }
    run.emit({
      type: 'hedge',
      route: route.name,
      from: primary.step.target,
      to: target,
      afterMs: route.hedge?.afterMs ?? 0,
    });
    return launchRacer(context, { step, hedged: true });
  }
  return undefined;
}

/**
 * Runs both attempts to the first success, stopping the other; when both
 * fail, returns the first attempt's error and keeps the hedge's.
 */
async function race<TValue>(
  context: HedgeContext<TValue>,
  racers: [Racer<TValue>, Racer<TValue>],
): Promise<AttemptOutcome<TValue>> {
  const [primary, hedge] = racers;
  const first = await Promise.race(
    racers.map((racer) =>
      racer.settled.then((settled) => ({ racer, settled })),
    ),
  );
  const other = first.racer === primary ? hedge : primary;
  if (first.settled.ok) {
    await stopLoser(context, other, first.racer.step.target);
    return recordRacer(context, first.racer, first.settled);
  }
  recordRacer(context, first.racer, first.settled);
  const second = recordRacer(context, other, await other.settled);
  if (second.ok) return second;
  const [primaryError, hedgeError] =
    first.racer === primary
      ? [first.settled.error, second.error]
      : [second.error, first.settled.error];
  context.hedge.failed = { step: hedge.step, error: hedgeError };
  return { ok: false, error: primaryError };
}

/**
 * Aborts the attempt that lost and records it as `cancelled` at its
 * estimated price (the provider may bill for it all the same); one that
 * had failed on its own already keeps its own error.
 */
async function stopLoser<TValue>(
  context: HedgeContext<TValue>,
  loser: Racer<TValue>,
  winner: RouteTarget,
): Promise<void> {
  const { target } = loser.step;
  const lost = new SwitchyardError({
    code: 'cancelled',
    provider: target.instance,
    message: `Cancelled because ${formatTarget(winner)} answered first (the route's hedge ran both); the provider may still bill for this call.`,
  });
  loser.stop.abort(lost);
  const settled = await loser.settled;
  if (!settled.ok && settled.error !== lost) {
    recordRacer(context, loser, settled);
    return;
  }
  loser.gatewayCostMicroCredits = estimatedCost(context.run, target);
  recordRacer(context, loser, {
    ok: false,
    error: lost,
    latencyMs: settled.latencyMs,
  });
}

/** Records a racer's attempt, marked `hedged` when the hedge started it and with its gateway cost when it lost. */
function recordRacer<TValue>(
  context: HedgeContext<TValue>,
  racer: Racer<TValue>,
  settled: AttemptSettled<TValue>,
): AttemptOutcome<TValue> {
  const { attempts } = context.run;
  const at = attempts.length;
  const outcome = recordSettled(context, racer.step, settled);
  const attempt = attempts[at];
  if (attempt !== undefined) {
    attempts[at] = {
      ...attempt,
      ...(racer.hedged ? { hedged: true } : {}),
      ...(racer.gatewayCostMicroCredits === undefined
        ? {}
        : { gatewayCostMicroCredits: racer.gatewayCostMicroCredits }),
    };
  }
  return outcome;
}

/** Starts one attempt of a hedged call, stoppable on its own; `succeeded` tells, at once, whether it has. */
function launchRacer<TValue>(
  context: HedgeContext<TValue>,
  start: { step: AttemptStep; hedged: boolean },
): Racer<TValue> & { succeeded: () => boolean } {
  const stop = new AbortController();
  let succeeded = false;
  const settled = launchAttempt(context, start.step, stop.signal).then(
    (outcome) => {
      succeeded = outcome.ok;
      return outcome;
    },
  );
  return { ...start, stop, settled, succeeded: () => succeeded };
}

/**
 * The hedge target's admission by the host: `refused` when `admitTarget`
 * threw (no hedge then; the call meets that error if it reaches the target
 * later).
 */
async function admitForHedge(
  run: RouteRun,
  place: TargetPlace,
): Promise<'admitted' | 'skipped' | 'refused'> {
  try {
    return (await skipUnadmitted(run, place)) ? 'skipped' : 'admitted';
  } catch {
    return 'refused';
  }
}

/**
 * The hedge's attempt step at a target: `skipped` (recorded) when its
 * breaker is open, undefined when the deadline has passed.
 */
function hedgeStep(
  run: RouteRun,
  place: TargetPlace,
): AttemptStep | 'skipped' | undefined {
  const { deps, execution } = run;
  const { target } = place;
  const remaining = run.deadline - deps.now();
  if (remaining <= 0) return undefined;
  const breaker = deps.breakers.breakerFor(execution.route, target);
  const acquired = deps.breakers.withStateEvents(target, breaker, () =>
    breaker.tryAcquire(deps.now()),
  );
  if (!acquired) {
    recordSkip(run, place, 'breaker-open');
    return 'skipped';
  }
  const timeoutMs = Math.min(execution.route.timeoutMs, remaining);
  return { ...place, breaker, attempt: 1, timeoutMs };
}

/** Whether the hedge may start at the target: a model that can be cancelled, priced within `maxExtraCost` when it is set. */
function mayHedgeTo(run: RouteRun, target: RouteTarget): boolean {
  if (!cancellable(run, target)) return false;
  const maxExtraCost = run.execution.route.hedge?.maxExtraCost;
  if (maxExtraCost === undefined) return true;
  const cost = estimatedCost(run, target);
  return cost !== undefined && cost <= maxExtraCost;
}

/** The host's estimated price of this call at the target; undefined when unpriced or when estimating throws. */
function estimatedCost(run: RouteRun, target: RouteTarget): number | undefined {
  try {
    return run.execution.estimateCost?.(target);
  } catch {
    return undefined;
  }
}

/** False for a task model that cannot cancel its task (or a target whose model cannot be resolved). */
function cancellable(run: RouteRun, target: RouteTarget): boolean {
  try {
    const model = run.deps.resolveModel(target, run.execution.route.kind);
    return model.task?.cancellable !== false;
  } catch {
    return false;
  }
}

/** A timer that resolves `fired` with undefined after `afterMs`, unless cleared. */
function startTimer(afterMs: number): {
  fired: Promise<undefined>;
  clear: () => void;
} {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), afterMs);
  });
  return { fired, clear: () => clearTimeout(timer) };
}
