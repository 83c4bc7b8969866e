// TEMP placeholder (reverted before merging i16-rank).
import type { Ranking, RankOptions } from './types';
import { formatTarget } from '../route';

export function rankTargets(options: RankOptions): Ranking {
  return {
    strategy: options.route.strategy,
    targets: options.route.targets.map((target, index) => {
      const stats = options.stats(target);
      return {
        target,
        included: true,
        why: `listed ${index + 1} (${formatTarget(target)})`,
        estimatedCostMicroCredits: options.estimateCost(target),
        latencySamples: stats.samples,
        inFlight: stats.inFlight,
      };
    }),
  };
}
