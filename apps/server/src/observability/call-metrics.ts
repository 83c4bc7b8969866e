import type { Attempt } from '@switchyard/core';
import type {
  CallEnd,
  CallWatch,
  GatewayObserver,
} from '../gateway/gateway-observer';
import type { Instruments } from './metric-instruments';
import type { MetricLabels } from './metric-labels';

/**
 * Why the gateway bore a provider cost itself: `hedge-loser`, an attempt
 * of a hedged call that lost the race and was cancelled; `other`, any
 * other attempt that carries a gateway cost.
 */
export const GATEWAY_COST_REASONS = ['hedge-loser', 'other'] as const;
/** See {@link GATEWAY_COST_REASONS}. */
export type GatewayCostReason = (typeof GATEWAY_COST_REASONS)[number];

/**
 * The observer that counts calls: in flight, answered (by outcome), their
 * overhead, what they charged and what the gateway bore, cache lookups and
 * streams' first parts. `labels` is read per call: it becomes exact once
 * the gateway's catalogs are known.
 */
export function createCallMetrics(options: {
  instruments: Instruments;
  labels: () => MetricLabels;
}): GatewayObserver {
  const { instruments } = options;
  return {
    callStarted(start): CallWatch {
      const inFlight = { type: start.type };
      instruments.inFlight.inc(inFlight);
      return {
        cacheLookup: ({ route, hit }) =>
          instruments.cacheRequests.inc({
            route,
            result: hit ? 'hit' : 'miss',
          }),
        firstToken: ({ route, provider, model, ms }) =>
          instruments.firstToken.observe(
            { route, provider, model: options.labels().model(provider, model) },
            ms / 1_000,
          ),
        callEnded: (end) => {
          instruments.inFlight.dec(inFlight);
          countEnd(instruments, { end, labels: options.labels() });
        },
      };
    },
  };
}

/** Counts one ended call: outcome, overhead, charge and gateway cost. */
function countEnd(
  instruments: Instruments,
  options: { end: CallEnd; labels: MetricLabels },
): void {
  const { end, labels } = options;
  const { route, type } = end;
  const provider = end.provider ?? '';
  instruments.calls.inc({
    route,
    type,
    provider,
    model:
      end.provider === undefined || end.model === undefined
        ? ''
        : labels.model(end.provider, end.model),
    outcome: end.outcome,
  });
  instruments.overhead.observe(
    { route, type },
    Math.max(0, end.latencyMs - end.upstreamMs) / 1_000,
  );
  if (end.microCredits > 0) {
    instruments.cost.inc({ route, type, provider }, end.microCredits);
  }
  countGatewayCost(instruments, end.attempts);
}

/** Adds the attempts' gateway costs (a hedge's loser, say) by reason. */
function countGatewayCost(
  instruments: Instruments,
  attempts: readonly Attempt[],
): void {
  let hedged: boolean | undefined;
  for (const attempt of attempts) {
    const cost = attempt.gatewayCostMicroCredits ?? 0;
    if (cost <= 0) continue;
    hedged ??= attempts.some((each) => each.hedged === true);
    const reason: GatewayCostReason = hedged ? 'hedge-loser' : 'other';
    instruments.gatewayCost.inc({ reason }, cost);
  }
}
