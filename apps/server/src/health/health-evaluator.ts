import type {
  BreakerState,
  Route,
  RoutingEngine,
  SystemHealthState,
  TargetHealthState,
} from '@switchyard/core';
import type { HealthCallRecord } from '../shared-state/redis-shared-state';
import type { HealthAlerter } from './health-alerts';
import {
  judgeSystem,
  judgeTarget,
  type HealthThresholds,
  type TargetJudgement,
} from './health-judge';
import type { CallLog } from './call-log';
import {
  SYSTEM_KEY,
  targetKey,
  type HealthStore,
  type ProbeRecord,
} from './health-store';
import { describeSystem, describeTarget } from './health-messages';
import { targetsByType, type MonitoredTarget } from './monitored-targets';

/** What judging targets reads and writes. */
export interface HealthContext {
  engine: RoutingEngine;
  routes: ReadonlyMap<string, Route>;
  /** Instances whose health includes active probes. */
  probed: ReadonlySet<string>;
  store: HealthStore;
  calls: CallLog;
  alerter: HealthAlerter;
  now: () => number;
  thresholdsFor(entry: MonitoredTarget): HealthThresholds;
}

/** One target with what its judgement reads. */
export interface GatheredTarget {
  entry: MonitoredTarget;
  breaker: BreakerState;
  calls: HealthCallRecord[];
  /** Its instance's probes; undefined for a passive instance. */
  probes: ProbeRecord[] | undefined;
  judgement: TargetJudgement;
}

/** Reads the calls, probes and breakers of targets and judges each (no state is changed). */
export async function gatherTargets(
  context: HealthContext,
  entries: readonly MonitoredTarget[],
): Promise<GatheredTarget[]> {
  const instances = [
    ...new Set(
      entries
        .map((entry) => entry.target.instance)
        .filter((name) => context.probed.has(name)),
    ),
  ];
  const [calls, probes] = await Promise.all([
    context.calls.calls(entries.map((entry) => entry.key)),
    context.store.probes(instances),
  ]);
  const now = context.now();
  return entries.map((entry) => {
    const breaker = context.engine.breakerState(entry.target, entry.route);
    const targetCalls = calls.get(entry.key) ?? [];
    const targetProbes = context.probed.has(entry.target.instance)
      ? (probes.get(entry.target.instance) ?? [])
      : undefined;
    const judgement = judgeTarget(
      { breaker, calls: targetCalls, probes: targetProbes ?? [], now },
      context.thresholdsFor(entry),
    );
    return {
      entry,
      breaker,
      calls: targetCalls,
      probes: targetProbes,
      judgement,
    };
  });
}

/**
 * Judges targets and stores each new state (compare-and-set: of replicas
 * that see one change, one makes it and alerts), then the system's.
 */
export async function evaluateTargets(
  context: HealthContext,
  entries: readonly MonitoredTarget[],
): Promise<void> {
  const gathered = await gatherTargets(context, entries);
  for (const target of gathered) await applyTarget(context, target);
  await applySystem(context);
}

async function applyTarget(
  context: HealthContext,
  target: GatheredTarget,
): Promise<void> {
  const { entry, judgement } = target;
  const key = targetKey(entry.key);
  const stored = context.store.stateOf(key);
  if (stored?.state === judgement.state) return;
  const to = judgement.state;
  const reason =
    to === 'healthy' ? 'recovered' : (judgement.crossed[0] ?? 'recovered');
  const at = context.now();
  const made = await context.store.changeState({
    key,
    from: stored?.state,
    to: { state: to, since: at, reason },
  });
  if (!made || stored === undefined) return;
  context.alerter.emit({
    type: 'health.changed',
    scope: 'target',
    target: entry.key,
    from: stored.state,
    to,
    at,
    reason,
    message: describeTarget({ target, from: stored.state, to, reason }),
  });
}

/** The system's state from the mirrored target states: synchronous. */
export function judgeSystemNow(
  context: Pick<HealthContext, 'routes' | 'store'>,
): ReturnType<typeof judgeSystem> & {
  types: Map<string, Array<TargetHealthState | undefined>>;
} {
  const types = new Map(
    [...targetsByType(context.routes.values())].map(([type, keys]) => [
      type as string,
      keys.map(
        (key) =>
          context.store.stateOf(targetKey(key))?.state as
            TargetHealthState | undefined,
      ),
    ]),
  );
  return { ...judgeSystem(types), types };
}

async function applySystem(context: HealthContext): Promise<void> {
  const judged = judgeSystemNow(context);
  const stored = context.store.stateOf(SYSTEM_KEY);
  if (stored?.state === judged.state) return;
  const at = context.now();
  const made = await context.store.changeState({
    key: SYSTEM_KEY,
    from: stored?.state,
    to: { state: judged.state, since: at, reason: judged.reason },
  });
  if (!made || stored === undefined) return;
  context.alerter.emit({
    type: 'health.changed',
    scope: 'system',
    from: stored.state,
    to: judged.state,
    at,
    reason: judged.reason,
    message: describeSystem({
      from: stored.state as SystemHealthState,
      to: judged.state,
      typesDown: judged.typesDown,
    }),
  });
}
