import type { BreakerState, EngineEvent } from '@switchyard/core';
import type { Instruments } from './metric-instruments';
import type { MetricLabels } from './metric-labels';

/** A breaker state as the `switchyard_breaker_state` gauge shows it. */
export const BREAKER_STATE_VALUES: Record<BreakerState, number> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * A gateway-wide engine listener (`gateway.onEvent`) that counts every
 * call's attempts, retries and fallbacks and tracks breaker states.
 */
export function createEngineMetrics(options: {
  instruments: Instruments;
  labels: () => MetricLabels;
}): (event: EngineEvent) => void {
  const { instruments } = options;
  return (event) => {
    switch (event.type) {
      case 'attempt-end': {
        const labels = options.labels();
        const { instance, model } = event.target;
        instruments.attemptDuration.observe(
          {
            provider: instance,
            model: labels.model(instance, model),
            type: labels.typeOf(event.route) ?? '',
            outcome: event.code === 'cancelled' ? 'cancelled' : event.outcome,
          },
          event.latencyMs / 1_000,
        );
        return;
      }
      case 'retry':
        instruments.retries.inc({
          route: event.route,
          provider: event.target.instance,
          code: event.code,
        });
        return;
      case 'fallback':
        instruments.fallbacks.inc({ route: event.route, reason: event.reason });
        return;
      case 'breaker-state-change':
        instruments.breakerState.set(
          { target: options.labels().target(event.target) },
          BREAKER_STATE_VALUES[event.to],
        );
        return;
      case 'hedge':
        instruments.hedges.inc({ route: event.route });
        return;
      case 'attempt-start':
        return;
    }
  };
}
