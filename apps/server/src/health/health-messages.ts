import type { SystemHealthState, TargetHealthState } from '@switchyard/core';
import type { TargetHealthReason } from './health-judge';
import type { GatheredTarget } from './health-evaluator';

/** What a target's change says, in words: its new state and why. */
export function describeTarget(options: {
  target: GatheredTarget;
  from: TargetHealthState | SystemHealthState;
  to: TargetHealthState;
  reason: TargetHealthReason;
}): string {
  const { target, from, to, reason } = options;
  return `${target.entry.key} is ${to} (was ${from}): ${why(target, reason)}.`;
}

function why(target: GatheredTarget, reason: TargetHealthReason): string {
  const { judgement } = target;
  switch (reason) {
    case 'breaker-open':
      return 'its circuit breaker is open';
    case 'breaker-half-open':
      return 'its circuit breaker is letting a trial call through';
    case 'consecutive-failures': {
      const probe = target.probes?.at(-1);
      const last =
        probe !== undefined && !probe.ok
          ? ` (last probe: ${probe.code ?? 'failed'}${probe.message ? `: ${probe.message}` : ''})`
          : '';
      return `${judgement.consecutiveFailures} failures in a row${last}`;
    }
    case 'error-rate': {
      const percent = Math.round((judgement.window.errorRate ?? 0) * 100);
      return `${percent}% of its last ${judgement.window.calls} calls failed`;
    }
    case 'slow':
      return `its p95 latency is ${judgement.window.latencyP95Ms ?? 0} ms`;
    case 'recovered':
      return 'its probes and calls succeed again';
  }
}

/** What the system's change says, in words. */
export function describeSystem(options: {
  from: SystemHealthState;
  to: SystemHealthState;
  typesDown: readonly string[];
}): string {
  const { from, to, typesDown } = options;
  const prefix = `The gateway is ${to} (was ${from}): `;
  switch (to) {
    case 'critical':
      return `${prefix}no ${typesDown.join(', ')} target is up; calls of that type fail until one recovers.`;
    case 'degraded':
      return `${prefix}some targets are degraded or down; routes fall back to the others.`;
    case 'healthy':
      return `${prefix}every target is healthy.`;
  }
}
