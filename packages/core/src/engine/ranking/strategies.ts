import type { RoutingStrategy } from '../../schemas/routing';
import { formatTarget } from '../route';
import type { Route, RouteTarget } from '../types';
import { trustedLatency, type TargetFacts } from './requirements';

/** A target the requirements let through, with its place in the config. */
export interface Candidate {
  target: RouteTarget;
  /** 0-based place in the route's targets. */
  index: number;
  facts: TargetFacts;
}

/** A candidate in its strategy's order, and why it sits there. */
export interface Placed {
  candidate: Candidate;
  why: string;
}

/** Options of {@link orderByStrategy}. */
export interface StrategyOptions {
  route: Route;
  /** In config order. */
  candidates: Candidate[];
  /** Randomness for `weighted`, in [0, 1). */
  random: () => number;
}

/**
 * Orders the candidates by the route's strategy; ties keep config order.
 * See `ROUTING_STRATEGIES` for what each strategy does.
 */
export function orderByStrategy(options: StrategyOptions): Placed[] {
  const strategy: RoutingStrategy = options.route.strategy;
  switch (strategy) {
    case 'ordered':
      return options.candidates.map((candidate) => ({
        candidate,
        why: `listed ${ordinal(candidate.index + 1)}`,
      }));
    case 'cheapest':
      return cheapest(options.candidates);
    case 'fastest':
      return fastest(options);
    case 'weighted':
      return weighted(options);
    case 'least-busy':
      return leastBusy(options.candidates);
  }
}

/** Ascending estimated cost; unpriced targets after every priced one. */
function cheapest(candidates: Candidate[]): Placed[] {
  const priced = candidates.filter(
    (candidate) => candidate.facts.estimatedCost !== undefined,
  );
  const unpriced = candidates.filter(
    (candidate) => candidate.facts.estimatedCost === undefined,
  );
  return [
    ...byKey(priced, (candidate) => candidate.facts.estimatedCost ?? 0).map(
      (candidate, place) => ({
        candidate,
        why: `${ranked(place, 'cheapest')}: estimated ${candidate.facts.estimatedCost} µcr`,
      }),
    ),
    ...unpriced.map((candidate) => ({
      candidate,
      why: 'no price: after the priced targets',
    })),
  ];
}

/** Ascending calls in flight. */
function leastBusy(candidates: Candidate[]): Placed[] {
  return byKey(candidates, ({ facts }) => facts.stats.inFlight).map(
    (candidate) => ({
      candidate,
      why: `${candidate.facts.stats.inFlight} in flight`,
    }),
  );
}

/**
 * Targets short of `minSamples` first, in config order, so they get
 * measured; then ascending latency × (calls in flight + 1).
 */
function fastest(options: StrategyOptions): Placed[] {
  const { route, candidates } = options;
  const { minSamples } = route.fastest;
  const measuring = candidates.filter(
    (candidate) => trustedLatency(route, candidate.facts.stats) === undefined,
  );
  const measured = candidates.filter(
    (candidate) => trustedLatency(route, candidate.facts.stats) !== undefined,
  );
  const score = ({ facts }: Candidate) =>
    (trustedLatency(route, facts.stats) ?? 0) * (facts.stats.inFlight + 1);
  return [
    ...measuring.map((candidate) => ({
      candidate,
      why: `measuring: ${candidate.facts.stats.samples} of ${minSamples} samples`,
    })),
    ...byKey(measured, score).map((candidate, place) => {
      const { stats } = candidate.facts;
      const latency = Math.round(trustedLatency(route, stats) ?? 0);
      const busy = stats.inFlight > 0 ? `, ${stats.inFlight} in flight` : '';
      return {
        candidate,
        why: `${ranked(place, 'fastest')}: ${latency} ms over ${stats.samples} calls${busy}`,
      };
    }),
  ];
}

/**
 * A weighted random draw without replacement (weight default 1); targets
 * of weight 0 come after every weighted one, in config order.
 */
function weighted(options: StrategyOptions): Placed[] {
  const { route, candidates, random } = options;
  const weightOf = (candidate: Candidate) =>
    route.weights?.[formatTarget(candidate.target)] ?? 1;
  const pool = candidates.filter((candidate) => weightOf(candidate) > 0);
  const total = pool.reduce((sum, candidate) => sum + weightOf(candidate), 0);
  const drawn: Placed[] = [];
  while (pool.length > 0) {
    const index = drawIndex(pool.map(weightOf), random);
    const [candidate] = pool.splice(index, 1);
    if (candidate === undefined) break;
    drawn.push({ candidate, why: `weight ${weightOf(candidate)} of ${total}` });
  }
  const unweighted = candidates
    .filter((candidate) => weightOf(candidate) <= 0)
    .map((candidate) => ({
      candidate,
      why: 'weight 0: after every weighted target',
    }));
  return [...drawn, ...unweighted];
}

/** The index a draw lands on, each with a chance proportional to its weight. */
function drawIndex(weights: number[], random: () => number): number {
  if (weights.length === 1) return 0;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (const [index, weight] of weights.entries()) {
    if (point < weight) return index;
    point -= weight;
  }
  return weights.length - 1;
}

/** Ascending by `key`, ties in config order. */
function byKey(
  candidates: Candidate[],
  key: (candidate: Candidate) => number,
): Candidate[] {
  return [...candidates].sort(
    (left, right) => key(left) - key(right) || left.index - right.index,
  );
}

/** "cheapest", "2nd cheapest", …: the 0-based place among its peers. */
function ranked(place: number, superlative: string): string {
  return place === 0 ? superlative : `${ordinal(place + 1)} ${superlative}`;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(place: number): string {
  const lastTwo = place % 100;
  const last = place % 10;
  if (lastTwo >= 11 && lastTwo <= 13) return `${place}th`;
  if (last === 1) return `${place}st`;
  if (last === 2) return `${place}nd`;
  if (last === 3) return `${place}rd`;
  return `${place}th`;
}
