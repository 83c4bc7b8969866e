import type {
  RankOptions,
  Ranking,
  TargetStats,
} from '../engine/ranking/types';
import type { Route } from '../engine/types';
import type { ModelTier, Requirements } from '../schemas/routing';

/** A tiny seeded PRNG (mulberry32): the same seed gives the same numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `rankTargets` options over a route whose facts are given per instance
 * (the targets of `testRoute` are `<instance>:<instance>-model`): what is
 * not given is unmeasured, idle, unpriced and untiered.
 */
export function rankOptions(options: {
  route: Route;
  requirements?: Requirements;
  stats?: Record<string, Partial<TargetStats>>;
  costs?: Record<string, number>;
  tiers?: Record<string, ModelTier>;
  random?: () => number;
}): RankOptions {
  return {
    route: options.route,
    requirements: options.requirements,
    stats: (target) => ({
      samples: 0,
      inFlight: 0,
      ...options.stats?.[target.instance],
    }),
    estimateCost: (target) => options.costs?.[target.instance],
    tierOf: (target) => options.tiers?.[target.instance] ?? {},
    random:
      options.random ??
      (() => {
        throw new Error('this ranking should not draw');
      }),
  };
}

/** The instances of a ranking, in its order. */
export function instancesOf(ranking: Ranking): string[] {
  return ranking.targets.map((ranked) => ranked.target.instance);
}
