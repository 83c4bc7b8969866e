import type { ModelKind } from '@switchyard/core';
import {
  gatherTargets,
  judgeSystemNow,
  type HealthContext,
} from './health-evaluator';
import type { ProvidersHealth, ProvidersHealthInput } from './health-report';
import { SYSTEM_KEY, targetKey } from './health-store';
import type { MonitoredTarget } from './monitored-targets';
import { targetReport } from './target-report';

/**
 * The `providers.health` answer from the current states: every target (or
 * one instance's), with the details and the system's view when `detailed`.
 */
export async function buildHealthReport(options: {
  context: HealthContext;
  targets: ReadonlyMap<string, MonitoredTarget>;
  input: NonNullable<ProvidersHealthInput>;
}): Promise<ProvidersHealth> {
  const { context, input } = options;
  const detailed = input.detailed ?? false;
  const entries = [...options.targets.values()].filter(
    (entry) =>
      input.provider === undefined || entry.target.instance === input.provider,
  );
  const [gathered, history] = await Promise.all([
    gatherTargets(context, entries),
    detailed
      ? context.store.history(entries.map((entry) => targetKey(entry.key)))
      : Promise.resolve(undefined),
  ]);
  const now = context.now();
  const system = judgeSystemNow(context);
  return {
    status: system.state,
    checkedAt: now,
    targets: gathered.map((target) =>
      targetReport({
        ...target,
        stored: context.store.stateOf(targetKey(target.entry.key)),
        changes: history?.get(targetKey(target.entry.key)) ?? [],
        now,
        detailed,
      }),
    ),
    system: detailed
      ? {
          since: context.store.stateOf(SYSTEM_KEY)?.since,
          types: [...system.types].map(([type, states]) => ({
            type: type as ModelKind,
            state: system.typesDown.includes(type)
              ? 'critical'
              : states.every((state) => state === 'healthy' || !state)
                ? 'healthy'
                : 'degraded',
            targets: states.length,
            up: states.filter((state) => state !== 'down').length,
          })),
        }
      : undefined,
  };
}
