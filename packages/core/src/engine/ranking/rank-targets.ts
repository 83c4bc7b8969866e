import type { Route } from '../types';
import { trustedLatency, unmetRequirements } from './requirements';
import { orderByStrategy, type Candidate } from './strategies';
import type { RankedTarget, RankOptions, Ranking } from './types';

/**
 * Ranks a route's targets for one request, without calling any: first the
 * request's `requirements` exclude the targets that cannot meet them
 * (`requirement-unmet`, each failed requirement named with its figures,
 * joined with "; "), then the route's `strategy` orders the rest (ties keep
 * config order). Excluded targets follow, in config order. The result is
 * the order a call tries the targets in, and its fallback order.
 *
 * @example
 * const ranking = rankTargets({
 *   route, requirements: { quality: 'premium', budget: 'medium' },
 *   stats: (target) => engine.targetStats(target, route.kind),
 *   estimateCost: (target) => priceOf(target, request),
 *   tierOf: (target) => tiers.get(formatTarget(target)) ?? {},
 *   random: Math.random,
 * });
 * const order = ranking.targets.filter((ranked) => ranked.included);
 */
export function rankTargets(options: RankOptions): Ranking {
  const { route, requirements } = options;
  const included: Candidate[] = [];
  const excluded: { candidate: Candidate; message: string }[] = [];
  for (const [index, target] of route.targets.entries()) {
    const candidate: Candidate = {
      target,
      index,
      facts: {
        tier: options.tierOf(target),
        stats: options.stats(target),
        estimatedCost: options.estimateCost(target),
      },
    };
    const unmet = unmetRequirements({
      requirements,
      route,
      facts: candidate.facts,
    });
    if (unmet.length === 0) included.push(candidate);
    else excluded.push({ candidate, message: unmet.join('; ') });
  }
  const ordered = orderByStrategy({
    route,
    candidates: included,
    random: options.random,
  });
  return {
    strategy: route.strategy,
    targets: [
      ...ordered.map(({ candidate, why }) =>
        rankedTarget(route, candidate, { included: true, why }),
      ),
      ...excluded.map(({ candidate, message }) =>
        rankedTarget(route, candidate, {
          included: false,
          why: 'excluded by the requirements: after every included target',
          skip: { reason: 'requirement-unmet', message },
        }),
      ),
    ],
  };
}

function rankedTarget(
  route: Route,
  candidate: Candidate,
  place: Pick<RankedTarget, 'included' | 'why' | 'skip'>,
): RankedTarget {
  const { estimatedCost, stats } = candidate.facts;
  const expected = trustedLatency(route, stats);
  return {
    target: candidate.target,
    ...place,
    ...(estimatedCost === undefined
      ? {}
      : { estimatedCostMicroCredits: estimatedCost }),
    ...(expected === undefined ? {} : { expectedLatencyMs: expected }),
    latencySamples: stats.samples,
    inFlight: stats.inFlight,
  };
}
