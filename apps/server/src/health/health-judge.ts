import {
  ERROR_CODES,
  type BreakerState,
  type CallRecord,
  type SystemHealthState,
  type TargetHealthState,
} from '@switchyard/core';

/** Why a target is in its state: the thresholds it crosses, or `recovered`. */
export const TARGET_HEALTH_REASONS = [
  'breaker-open',
  'consecutive-failures',
  'error-rate',
  'breaker-half-open',
  'slow',
  'recovered',
] as const;
export type TargetHealthReason = (typeof TARGET_HEALTH_REASONS)[number];

/** Why the system is in its state. */
export const SYSTEM_HEALTH_REASONS = [
  'type-without-target',
  'target-not-healthy',
  'recovered',
] as const;
export type SystemHealthReason = (typeof SYSTEM_HEALTH_REASONS)[number];

/** The thresholds of one target, defaults filled in. */
export interface HealthThresholds {
  downAfterFailures: number;
  downErrorRate: number;
  degradedErrorRate: number;
  minCalls: number;
  /** Undefined: latency never degrades this target. */
  slowP95Ms: number | undefined;
  windowMs: number;
}

/** A finished probe of an instance, or a call's health outcome, in time. */
export interface HealthOutcome {
  ok: boolean;
  at: number;
}

/** What the judge reads about one target. */
export interface TargetSignals {
  breaker: BreakerState;
  /** The target's recent calls, oldest first. */
  calls: readonly CallRecord[];
  /** Its instance's recent probes, oldest first. */
  probes: readonly HealthOutcome[];
  now: number;
}

/** The health-relevant calls of a target within the window. */
export interface WindowStats {
  calls: number;
  /** Share of those calls that failed; undefined before any. */
  errorRate?: number;
  latencyP95Ms?: number;
}

/** A target's state and every threshold it crosses, worst first. */
export interface TargetJudgement {
  state: TargetHealthState;
  crossed: TargetHealthReason[];
  consecutiveFailures: number;
  window: WindowStats;
}

/** Whether a call's outcome says something about the target (as for breakers): a bad request or a cancel does not. */
export function countsForHealth(call: CallRecord): boolean {
  return (
    call.ok || (call.code !== undefined && ERROR_CODES[call.code].tripsBreaker)
  );
}

/** Statistics of the health-relevant calls that ended within `windowMs` of `now`. */
export function windowStats(
  calls: readonly CallRecord[],
  options: { now: number; windowMs: number },
): WindowStats {
  const recent = calls.filter(
    (call) => call.at > options.now - options.windowMs && countsForHealth(call),
  );
  if (recent.length === 0) return { calls: 0 };
  const latencies = recent.map((call) => call.latencyMs).sort((a, b) => a - b);
  const index = Math.max(0, Math.ceil(0.95 * latencies.length) - 1);
  return {
    calls: recent.length,
    errorRate: recent.filter((call) => !call.ok).length / recent.length,
    latencyP95Ms: latencies[index],
  };
}

/**
 * The unbroken failures at the end of a target's history, its calls and its
 * instance's probes together: a success of either ends the run. A run whose
 * newest failure is older than `windowMs` no longer counts.
 */
export function consecutiveFailures(
  signals: TargetSignals,
  windowMs: number,
): number {
  const outcomes: HealthOutcome[] = [
    ...signals.calls.filter(countsForHealth),
    ...signals.probes,
  ].sort((a, b) => a.at - b.at);
  let failures = 0;
  for (let index = outcomes.length - 1; index >= 0; index -= 1) {
    if (outcomes[index]?.ok) break;
    failures += 1;
  }
  const newest = outcomes.at(-1);
  if (newest === undefined || newest.at <= signals.now - windowMs) return 0;
  return failures;
}

/**
 * Judges a target: `down` when its breaker is open, its failures in a row
 * reach `downAfterFailures` or its error rate `downErrorRate`; `degraded`
 * when its breaker is half-open, its error rate reaches `degradedErrorRate`
 * or its p95 latency `slowP95Ms`; else `healthy`. Rates and latency count
 * once the window holds `minCalls` calls.
 */
export function judgeTarget(
  signals: TargetSignals,
  thresholds: HealthThresholds,
): TargetJudgement {
  const window = windowStats(signals.calls, {
    now: signals.now,
    windowMs: thresholds.windowMs,
  });
  const failures = consecutiveFailures(signals, thresholds.windowMs);
  const enough = window.calls >= thresholds.minCalls;
  const errorRate = enough ? (window.errorRate ?? 0) : 0;
  const down: TargetHealthReason[] = [];
  const degraded: TargetHealthReason[] = [];
  if (signals.breaker === 'open') down.push('breaker-open');
  if (failures >= thresholds.downAfterFailures) {
    down.push('consecutive-failures');
  }
  if (enough && errorRate >= thresholds.downErrorRate) down.push('error-rate');
  else if (enough && errorRate >= thresholds.degradedErrorRate) {
    degraded.push('error-rate');
  }
  if (signals.breaker === 'half-open') degraded.push('breaker-half-open');
  const { slowP95Ms } = thresholds;
  const p95 = window.latencyP95Ms;
  if (
    enough &&
    slowP95Ms !== undefined &&
    p95 !== undefined &&
    p95 >= slowP95Ms
  ) {
    degraded.push('slow');
  }
  const state: TargetHealthState =
    down.length > 0 ? 'down' : degraded.length > 0 ? 'degraded' : 'healthy';
  return {
    state,
    crossed: [...down, ...degraded],
    consecutiveFailures: failures,
    window,
  };
}

/** What the system judge reads: the target states of each route type. */
export type TypeStates = ReadonlyMap<
  string,
  ReadonlyArray<TargetHealthState | undefined>
>;

/**
 * Judges the system: `critical` when some route type has no target that is
 * not down, `degraded` when some target is degraded or down, else `healthy`.
 * A target not judged yet counts as up.
 */
export function judgeSystem(types: TypeStates): {
  state: SystemHealthState;
  reason: SystemHealthReason;
  /** The types without a target that is up. */
  typesDown: string[];
} {
  const typesDown = [...types.entries()]
    .filter(([, states]) => states.length > 0)
    .filter(([, states]) => states.every((state) => state === 'down'))
    .map(([type]) => type);
  if (typesDown.length > 0) {
    return { state: 'critical', reason: 'type-without-target', typesDown };
  }
  const unwell = [...types.values()].some((states) =>
    states.some((state) => state === 'down' || state === 'degraded'),
  );
  return unwell
    ? { state: 'degraded', reason: 'target-not-healthy', typesDown }
    : { state: 'healthy', reason: 'recovered', typesDown };
}

const SEVERITY: Record<TargetHealthState | SystemHealthState, number> = {
  healthy: 0,
  degraded: 1,
  down: 2,
  critical: 2,
};

/** True when `to` is a worse state than `from`. */
export function isWorse(
  from: TargetHealthState | SystemHealthState,
  to: TargetHealthState | SystemHealthState,
): boolean {
  return SEVERITY[to] > SEVERITY[from];
}

/** One state change of a target or the system, as kept for uptime. */
export interface StateChange {
  to: TargetHealthState | SystemHealthState;
  at: number;
}

/**
 * The share of the last `windowMs` a target was not `down`, from its state
 * changes (oldest first); only the time since the first change counts.
 * Undefined before any change.
 */
export function uptime(
  changes: readonly StateChange[],
  options: { now: number; windowMs: number },
): number | undefined {
  const first = changes[0];
  if (first === undefined) return undefined;
  const start = Math.max(options.now - options.windowMs, first.at);
  const observed = options.now - start;
  if (observed <= 0) return first.to === 'down' ? 0 : 1;
  let down = 0;
  for (const [index, change] of changes.entries()) {
    if (change.to !== 'down') continue;
    const end = changes[index + 1]?.at ?? options.now;
    down += Math.max(
      0,
      Math.min(end, options.now) - Math.max(change.at, start),
    );
  }
  return Math.max(0, Math.min(1, 1 - down / observed));
}
