import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { mulberry32 } from '../../__tests__/ranking-options';
import { testRoute } from '../../__tests__/scripted-models';
import {
  BUDGET_LEVELS,
  QUALITY_TIERS,
  ROUTING_STRATEGIES,
  SPEED_TIERS,
} from '../../schemas/routing';
import { formatTarget } from '../route';
import { rankTargets } from './rank-targets';

/** What one target of a generated route looks like to the ranking. */
const targetFacts = fc.record({
  cost: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
  latencyMs: fc.option(fc.double({ min: 0, max: 60_000, noNaN: true }), {
    nil: undefined,
  }),
  samples: fc.integer({ min: 0, max: 20 }),
  inFlight: fc.integer({ min: 0, max: 10 }),
  weight: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  quality: fc.option(fc.constantFrom(...QUALITY_TIERS), { nil: undefined }),
  speed: fc.option(fc.constantFrom(...SPEED_TIERS), { nil: undefined }),
});

const requirements = fc.record(
  {
    quality: fc.constantFrom(...QUALITY_TIERS),
    speed: fc.constantFrom(...SPEED_TIERS),
    budget: fc.oneof(
      fc.constantFrom(...BUDGET_LEVELS),
      fc.integer({ min: 0, max: 200_000 }),
    ),
    maxLatencyMs: fc.integer({ min: 1, max: 60_000 }),
  },
  { requiredKeys: [] },
);

describe('rankTargets', () => {
  it.prop({
    facts: fc.array(targetFacts, { minLength: 1, maxLength: 8 }),
    strategy: fc.constantFrom(...ROUTING_STRATEGIES),
    requirements: fc.option(requirements, { nil: undefined }),
    seed: fc.integer(),
  })(
    'should rank every target exactly once, included ones first, excluded ones in config order',
    ({ facts, strategy, requirements, seed }) => {
      const instances = facts.map((_fact, index) => `t${index}`);
      const route = testRoute(instances, {
        strategy,
        fastest: { minSamples: 3, decayMs: 10_000 },
      });
      const factOf = (instance: string) => {
        const fact = facts[instances.indexOf(instance)];
        if (fact === undefined) throw new Error(`no target ${instance}`);
        return fact;
      };
      route.weights = Object.fromEntries(
        route.targets.flatMap((target) => {
          const { weight } = factOf(target.instance);
          return weight === undefined ? [] : [[formatTarget(target), weight]];
        }),
      );
      const ranking = rankTargets({
        route,
        requirements,
        stats: (target) => {
          const { latencyMs, samples, inFlight } = factOf(target.instance);
          return samples > 0 && latencyMs !== undefined
            ? { latencyMs, samples, inFlight }
            : { samples: 0, inFlight };
        },
        estimateCost: (target) => factOf(target.instance).cost,
        tierOf: (target) => {
          const { quality, speed } = factOf(target.instance);
          return { quality, speed };
        },
        random: mulberry32(seed),
      });

      expect(ranking.strategy).toBe(strategy);
      const ranked = ranking.targets.map((entry) => entry.target.instance);
      expect([...ranked].sort()).toEqual([...instances].sort());
      const included = ranking.targets.map((entry) => entry.included);
      const firstExcluded = included.indexOf(false);
      if (firstExcluded >= 0) {
        expect(included.slice(firstExcluded)).not.toContain(true);
      }
      for (const entry of ranking.targets) {
        expect(entry.skip === undefined).toBe(entry.included);
        if (entry.skip) expect(entry.skip.message).not.toBe('');
      }
      const excluded = ranked.filter((_instance, place) => !included[place]);
      expect(excluded).toEqual(
        instances.filter((name) => excluded.includes(name)),
      );
      if (requirements === undefined) expect(included).not.toContain(false);
      if (strategy === 'ordered') {
        const kept = ranked.filter((_instance, place) => included[place]);
        expect(kept).toEqual(instances.filter((name) => kept.includes(name)));
      }
    },
  );
});
