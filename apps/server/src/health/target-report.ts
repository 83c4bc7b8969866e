import {
  summarizeCalls,
  type BreakerState,
  type ErrorCode,
  type TargetHealthState,
} from '@switchyard/core';
import type { HealthCallRecord } from '../shared-state/redis-shared-state';
import {
  countsForHealth,
  uptime,
  type StateChange,
  type TargetJudgement,
} from './health-judge';
import type { TargetHealthReport } from './health-report';
import type { ProbeRecord, StoredState } from './health-store';
import type { MonitoredTarget } from './monitored-targets';

const MINUTE = 60_000;

/** What the report of one target is made from. */
export interface TargetReportInput {
  entry: MonitoredTarget;
  breaker: BreakerState;
  calls: readonly HealthCallRecord[];
  /** Its instance's probes, oldest first; undefined for a passive instance. */
  probes: readonly ProbeRecord[] | undefined;
  judgement: TargetJudgement;
  stored: StoredState | undefined;
  changes: readonly StateChange[];
  now: number;
  detailed: boolean;
}

/** One target as `providers.health` shows it: the summary, plus the details when asked. */
export function targetReport(input: TargetReportInput): TargetHealthReport {
  const { entry, judgement, stored } = input;
  const stats = summarizeCalls(input.calls);
  const summary: TargetHealthReport = {
    target: entry.key,
    instance: entry.target.instance,
    model: entry.target.model,
    routes: [...entry.routes],
    state: (stored?.state as TargetHealthState | undefined) ?? judgement.state,
    breaker: input.breaker,
    recentCalls: stats.recentCalls,
    successRate: stats.successRate,
    latencyP50Ms: stats.latencyP50Ms,
    latencyP95Ms: stats.latencyP95Ms,
    lastErrorCode: stats.lastErrorCode,
    lastCallAt: stats.lastCallAt,
  };
  if (!input.detailed) return summary;
  const lastProbe = input.probes?.at(-1);
  return {
    ...summary,
    stateSince: stored?.since,
    thresholdsCrossed: judgement.crossed,
    consecutiveFailures: judgement.consecutiveFailures,
    uptime: {
      last5m: uptime(input.changes, { now: input.now, windowMs: 5 * MINUTE }),
      last1h: uptime(input.changes, { now: input.now, windowMs: 60 * MINUTE }),
      last24h: uptime(input.changes, {
        now: input.now,
        windowMs: 24 * 60 * MINUTE,
      }),
    },
    errorsByCode: errorsByCode(input.calls),
    lastError: lastError(input.calls, input.probes ?? []),
    lastProbe:
      lastProbe === undefined
        ? undefined
        : {
            ok: lastProbe.ok,
            latencyMs: lastProbe.latencyMs,
            at: lastProbe.at,
            code: lastProbe.code,
          },
  };
}

/** Failed calls by error code. */
function errorsByCode(
  calls: readonly HealthCallRecord[],
): Partial<Record<ErrorCode, number>> {
  const counts: Partial<Record<ErrorCode, number>> = {};
  for (const call of calls) {
    if (call.ok || call.code === undefined) continue;
    counts[call.code] = (counts[call.code] ?? 0) + 1;
  }
  return counts;
}

/**
 * The newest failure that says something about the target: a call's (a bad
 * request, whose message may quote the caller's input, is left out) or a
 * probe's.
 */
function lastError(
  calls: readonly HealthCallRecord[],
  probes: readonly ProbeRecord[],
): TargetHealthReport['lastError'] {
  const call = calls.findLast((entry) => !entry.ok && countsForHealth(entry));
  const probe = probes.findLast((entry) => !entry.ok);
  const fromCall = call?.code && {
    code: call.code,
    message: call.message ?? `A call failed with ${call.code}.`,
    at: call.at,
    source: 'call' as const,
  };
  const fromProbe = probe?.code && {
    code: probe.code,
    message: probe.message ?? `The probe failed with ${probe.code}.`,
    at: probe.at,
    source: 'probe' as const,
  };
  if (!fromCall) return fromProbe || undefined;
  if (!fromProbe) return fromCall;
  return fromProbe.at > fromCall.at ? fromProbe : fromCall;
}
