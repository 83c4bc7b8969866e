import { describe, expect, it } from 'vitest';
import {
  instancesOf,
  mulberry32,
  rankOptions,
} from '../../__tests__/ranking-options';
import { testRoute } from '../../__tests__/scripted-models';
import type { RoutingStrategy } from '../../schemas/routing';
import type { Route } from '../types';
import { LatencyTracker, latencyKey } from './latency-tracker';
import { rankTargets } from './rank-targets';

const routeOf = (
  strategy: RoutingStrategy,
  instances: string[],
  overrides: Partial<Route> = {},
) => testRoute(instances, { strategy, ...overrides });

const whys = (ranking: ReturnType<typeof rankTargets>) =>
  ranking.targets.map((ranked) => ranked.why);

/** How often each instance is drawn at each place over `draws` seeded rankings. */
function drawShares(route: Route, draws: number) {
  const random = mulberry32(20_261_202);
  const counts = new Map<string, number>();
  for (let draw = 0; draw < draws; draw += 1) {
    const order = instancesOf(rankTargets(rankOptions({ route, random })));
    for (const [place, instance] of order.entries()) {
      const key = `${place}:${instance}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return (place: number, instance: string) =>
    (counts.get(`${place}:${instance}`) ?? 0) / draws;
}

describe('rankTargets', () => {
  describe('strategy: ordered', () => {
    it('should keep config order and say where each target is listed', () => {
      const ranking = rankTargets(
        rankOptions({ route: routeOf('ordered', ['a', 'b', 'c']) }),
      );
      expect(ranking.strategy).toBe('ordered');
      expect(instancesOf(ranking)).toEqual(['a', 'b', 'c']);
      expect(whys(ranking)).toEqual(['listed 1st', 'listed 2nd', 'listed 3rd']);
    });
  });

  describe('strategy: cheapest', () => {
    it('should order by estimated cost, ties in config order, unpriced last', () => {
      const ranking = rankTargets(
        rankOptions({
          route: routeOf('cheapest', ['a', 'b', 'c', 'd', 'e']),
          costs: { a: 3_000, c: 1_000, d: 3_000 },
        }),
      );
      expect(instancesOf(ranking)).toEqual(['c', 'a', 'd', 'b', 'e']);
      expect(whys(ranking)).toEqual([
        'cheapest: estimated 1000 µcr',
        '2nd cheapest: estimated 3000 µcr',
        '3rd cheapest: estimated 3000 µcr',
        'no price: after the priced targets',
        'no price: after the priced targets',
      ]);
      expect(
        ranking.targets.map((ranked) => ranked.estimatedCostMicroCredits),
      ).toEqual([1_000, 3_000, 3_000, undefined, undefined]);
    });

    it('should treat a free target as the cheapest', () => {
      const ranking = rankTargets(
        rankOptions({
          route: routeOf('cheapest', ['paid', 'free']),
          costs: { paid: 1, free: 0 },
        }),
      );
      expect(instancesOf(ranking)).toEqual(['free', 'paid']);
    });
  });

  describe('strategy: fastest', () => {
    it('should try unmeasured targets first, in config order, then the lowest latency', () => {
      const ranking = rankTargets(
        rankOptions({
          route: routeOf('fastest', ['a', 'b', 'c', 'd']),
          stats: {
            a: { latencyMs: 300, samples: 10 },
            b: { latencyMs: 50, samples: 2 },
            c: { latencyMs: 100.4, samples: 7 },
          },
        }),
      );
      expect(instancesOf(ranking)).toEqual(['b', 'd', 'c', 'a']);
      expect(whys(ranking)).toEqual([
        'measuring: 2 of 5 samples',
        'measuring: 0 of 5 samples',
        'fastest: 100 ms over 7 calls',
        '2nd fastest: 300 ms over 10 calls',
      ]);
      expect(ranking.targets.map((ranked) => ranked.expectedLatencyMs)).toEqual(
        [undefined, undefined, 100.4, 300],
      );
    });

    it('should weigh latency by the calls in flight, ties in config order', () => {
      const ranking = rankTargets(
        rankOptions({
          route: routeOf('fastest', ['a', 'b', 'c']),
          stats: {
            a: { latencyMs: 100, samples: 5, inFlight: 3 },
            b: { latencyMs: 150, samples: 5, inFlight: 1 },
            c: { latencyMs: 300, samples: 5 },
          },
        }),
      );
      // Scores: a 100 × 4 = 400, b 150 × 2 = 300, c 300 × 1 = 300.
      expect(instancesOf(ranking)).toEqual(['b', 'c', 'a']);
      expect(whys(ranking)[0]).toBe(
        'fastest: 150 ms over 5 calls, 1 in flight',
      );
    });

    it('should let a slow peak fade as faster calls come back over decayMs', () => {
      const route = routeOf('fastest', ['a', 'b'], {
        fastest: { minSamples: 3, decayMs: 1_000 },
      });
      const tracker = new LatencyTracker();
      const observe = (instance: string, latencyMs: number, at: number) => {
        const target = { instance, model: `${instance}-model` };
        tracker.record(latencyKey(target, 'image'), {
          latencyMs,
          at,
          decayMs: 1_000,
        });
      };
      const rank = () =>
        instancesOf(
          rankTargets({
            ...rankOptions({ route }),
            stats: (target) => ({
              ...tracker.estimate(latencyKey(target, 'image')),
              inFlight: 0,
            }),
          }),
        );
      for (const at of [0, 10, 20]) {
        observe('a', 100, at);
        observe('b', 150, at);
      }
      expect(rank()).toEqual(['a', 'b']);
      observe('a', 2_000, 30);
      expect(rank()).toEqual(['b', 'a']);
      observe('a', 100, 130);
      expect(rank()).toEqual(['b', 'a']);
      observe('a', 100, 130 + 5_000);
      expect(rank()).toEqual(['a', 'b']);
    });
  });

  describe('strategy: weighted', () => {
    it('should draw the first target in proportion to its weight (3:1 → 75%)', () => {
      const route = routeOf('weighted', ['a', 'b'], {
        weights: { 'a:a-model': 3, 'b:b-model': 1 },
      });
      const share = drawShares(route, 10_000);
      expect(share(0, 'a')).toBeGreaterThan(0.73);
      expect(share(0, 'a')).toBeLessThan(0.77);
      expect(share(1, 'b')).toBeCloseTo(share(0, 'a'), 10);
    });

    it('should draw the fallback order without replacement, by weight', () => {
      const route = routeOf('weighted', ['a', 'b', 'c'], {
        weights: { 'a:a-model': 2, 'b:b-model': 1, 'c:c-model': 1 },
      });
      const share = drawShares(route, 10_000);
      expect(share(0, 'a')).toBeGreaterThan(0.48);
      expect(share(0, 'a')).toBeLessThan(0.52);
      // b second: a then b (1/2 · 1/2) or c then b (1/4 · 1/3) = 1/3.
      expect(share(1, 'b')).toBeGreaterThan(0.313);
      expect(share(1, 'b')).toBeLessThan(0.353);
    });

    it('should weigh a target without a weight as 1', () => {
      const route = routeOf('weighted', ['a', 'b', 'c'], {
        weights: { 'a:a-model': 2 },
      });
      const share = drawShares(route, 10_000);
      expect(share(0, 'a')).toBeGreaterThan(0.48);
      expect(share(0, 'a')).toBeLessThan(0.52);
    });

    it('should put weight-0 targets after every weighted one, in config order', () => {
      const route = routeOf('weighted', ['a', 'b', 'c', 'd'], {
        weights: { 'a:a-model': 0, 'b:b-model': 0, 'd:d-model': 3 },
      });
      const random = mulberry32(7);
      for (let draw = 0; draw < 200; draw += 1) {
        const ranking = rankTargets(rankOptions({ route, random }));
        expect(instancesOf(ranking).slice(2)).toEqual(['a', 'b']);
        expect(whys(ranking).slice(2)).toEqual([
          'weight 0: after every weighted target',
          'weight 0: after every weighted target',
        ]);
      }
    });

    it('should say each drawn target’s share of the weights', () => {
      const route = routeOf('weighted', ['a', 'b'], {
        weights: { 'a:a-model': 3 },
      });
      const ranking = rankTargets(rankOptions({ route, random: () => 0 }));
      expect(instancesOf(ranking)).toEqual(['a', 'b']);
      expect(whys(ranking)).toEqual(['weight 3 of 4', 'weight 1 of 4']);
    });

    it('should give the same order for the same seed', () => {
      const route = routeOf('weighted', ['a', 'b', 'c', 'd', 'e']);
      const orders = (seed: number) => {
        const random = mulberry32(seed);
        return Array.from({ length: 20 }, () =>
          instancesOf(rankTargets(rankOptions({ route, random }))).join(''),
        );
      };
      expect(orders(42)).toEqual(orders(42));
      expect(new Set(orders(42)).size).toBeGreaterThan(1);
    });
  });

  describe('strategy: least-busy', () => {
    it('should order by calls in flight, ties in config order', () => {
      const ranking = rankTargets(
        rankOptions({
          route: routeOf('least-busy', ['a', 'b', 'c', 'd']),
          stats: { a: { inFlight: 2 }, c: { inFlight: 1 } },
        }),
      );
      expect(instancesOf(ranking)).toEqual(['b', 'd', 'c', 'a']);
      expect(whys(ranking)).toEqual([
        '0 in flight',
        '0 in flight',
        '1 in flight',
        '2 in flight',
      ]);
      expect(ranking.targets.map((ranked) => ranked.inFlight)).toEqual([
        0, 0, 1, 2,
      ]);
    });
  });
});
