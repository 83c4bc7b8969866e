import { describe, expect, it } from 'vitest';
import { instancesOf, rankOptions } from '../../__tests__/ranking-options';
import { testRoute } from '../../__tests__/scripted-models';
import type { Requirements } from '../../schemas/routing';
import type { Route } from '../types';
import { rankTargets } from './rank-targets';
import type { RankOptions } from './types';

/** `instance → skip message` of the excluded targets, and the included instances. */
function verdicts(options: RankOptions) {
  const ranking = rankTargets(options);
  const included = ranking.targets
    .filter((ranked) => ranked.included)
    .map((ranked) => ranked.target.instance);
  const excluded = Object.fromEntries(
    ranking.targets
      .filter((ranked) => !ranked.included)
      .map((ranked) => [ranked.target.instance, ranked.skip]),
  );
  return { ranking, included, excluded };
}

const unmet = (message: string) => ({ reason: 'requirement-unmet', message });

function rankWith(
  requirements: Requirements,
  facts: Omit<Parameters<typeof rankOptions>[0], 'route' | 'requirements'>,
  route: Route = testRoute(['a', 'b', 'c']),
) {
  return verdicts(rankOptions({ route, requirements, ...facts }));
}

describe('rankTargets', () => {
  describe('requirements', () => {
    it('should exclude a model below the quality asked, untiered counting as standard', () => {
      const tiers = {
        a: { quality: 'draft' },
        c: { quality: 'premium' },
      } as const;
      const standard = rankWith({ quality: 'standard' }, { tiers });
      expect(standard.included).toEqual(['b', 'c']);
      expect(standard.excluded).toEqual({
        a: unmet('quality: model tier "draft" is below "standard"'),
      });
      const premium = rankWith({ quality: 'premium' }, { tiers });
      expect(premium.included).toEqual(['c']);
      expect(premium.excluded).toEqual({
        a: unmet('quality: model tier "draft" is below "premium"'),
        b: unmet('quality: model tier "standard" is below "premium"'),
      });
    });

    it('should exclude a model slower than the speed asked, untiered counting as standard', () => {
      const tiers = { a: { speed: 'fast' }, c: { speed: 'relaxed' } } as const;
      const standard = rankWith({ speed: 'standard' }, { tiers });
      expect(standard.included).toEqual(['a', 'b']);
      expect(standard.excluded).toEqual({
        c: unmet('speed: model tier "relaxed" is slower than "standard"'),
      });
      const fast = rankWith({ speed: 'fast' }, { tiers });
      expect(fast.included).toEqual(['a']);
      expect(fast.excluded.b).toEqual(
        unmet('speed: model tier "standard" is slower than "fast"'),
      );
    });

    it('should cap the estimated cost at a budget level as the route sets it', () => {
      const costs = { a: 12_000, b: 10_000, c: 400 };
      const medium = rankWith({ budget: 'medium' }, { costs });
      expect(medium.included).toEqual(['b', 'c']);
      expect(medium.excluded).toEqual({
        a: unmet('budget: estimated 12000 µcr > cap 10000 (medium)'),
      });
      const tightLow = rankWith(
        { budget: 'low' },
        { costs },
        testRoute(['a', 'b', 'c'], {
          budgets: { low: 300, medium: 10_000, high: 100_000 },
        }),
      );
      expect(tightLow.included).toEqual([]);
      expect(tightLow.excluded.c).toEqual(
        unmet('budget: estimated 400 µcr > cap 300 (low)'),
      );
    });

    it('should cap the estimated cost at a budget in micro-credits', () => {
      const { included, excluded } = rankWith(
        { budget: 10_000 },
        { costs: { a: 12_000, b: 10_000, c: 0 } },
      );
      expect(included).toEqual(['b', 'c']);
      expect(excluded).toEqual({
        a: unmet('budget: estimated 12000 µcr > cap 10000'),
      });
    });

    it('should exclude an unpriced target when a budget is asked, and only then', () => {
      const withBudget = rankWith({ budget: 'high' }, { costs: { a: 1 } });
      expect(withBudget.included).toEqual(['a']);
      expect(withBudget.excluded).toEqual({
        b: unmet('budget: no price: a budget cannot be checked'),
        c: unmet('budget: no price: a budget cannot be checked'),
      });
      const without = rankWith({ quality: 'draft' }, { costs: { a: 1 } });
      expect(without.included).toEqual(['a', 'b', 'c']);
    });

    it('should exclude a target whose trusted latency exceeds maxLatencyMs', () => {
      const { included, excluded, ranking } = rankWith(
        { maxLatencyMs: 1_000 },
        {
          stats: {
            a: { latencyMs: 1_200.4, samples: 5 },
            b: { latencyMs: 5_000, samples: 4 },
            c: { latencyMs: 1_000, samples: 9 },
          },
        },
      );
      // b's 5 s rests on 4 samples, fewer than minSamples (5): not trusted.
      expect(included).toEqual(['b', 'c']);
      expect(excluded).toEqual({
        a: unmet('maxLatencyMs: measured 1200 ms over 5 calls > 1000 ms'),
      });
      expect(ranking.targets.at(-1)?.expectedLatencyMs).toBe(1_200.4);
    });

    it('should list every requirement a target fails, joined with "; "', () => {
      const { excluded } = rankWith(
        {
          quality: 'premium',
          speed: 'fast',
          budget: 'medium',
          maxLatencyMs: 50,
        },
        {
          tiers: { a: { quality: 'draft', speed: 'relaxed' } },
          costs: { a: 12_000 },
          stats: { a: { latencyMs: 80, samples: 5 } },
        },
        testRoute(['a']),
      );
      expect(excluded.a).toEqual(
        unmet(
          [
            'quality: model tier "draft" is below "premium"',
            'speed: model tier "relaxed" is slower than "fast"',
            'budget: estimated 12000 µcr > cap 10000 (medium)',
            'maxLatencyMs: measured 80 ms over 5 calls > 50 ms',
          ].join('; '),
        ),
      );
    });

    it('should rank excluded targets after the included ones, in config order', () => {
      const ranking = rankTargets(
        rankOptions({
          route: testRoute(['a', 'b', 'c', 'd', 'e'], {
            strategy: 'cheapest',
          }),
          requirements: { quality: 'standard' },
          costs: { a: 50, b: 40, c: 30, d: 20, e: 10 },
          tiers: { a: { quality: 'draft' }, c: { quality: 'draft' } },
        }),
      );
      expect(instancesOf(ranking)).toEqual(['e', 'd', 'b', 'a', 'c']);
      expect(ranking.targets.map((ranked) => ranked.included)).toEqual([
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(ranking.targets[3]?.why).toBe(
        'excluded by the requirements: after every included target',
      );
      expect(ranking.targets[3]?.estimatedCostMicroCredits).toBe(50);
    });

    it('should include every target when the request has no requirements', () => {
      const { included } = verdicts(
        rankOptions({
          route: testRoute(['a', 'b']),
          tiers: { a: { quality: 'draft', speed: 'relaxed' } },
        }),
      );
      expect(included).toEqual(['a', 'b']);
    });
  });
});
