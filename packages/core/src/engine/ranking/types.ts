import type {
  ModelTier,
  Requirements,
  RoutingStrategy,
} from '../../schemas/routing';
import type { Route, RouteTarget } from '../types';

/** What the engine has measured at one target for one type of call. */
export interface TargetStats {
  /** Peak-EWMA latency of recent calls, ms; undefined before any sample. */
  latencyMs?: number;
  /** Calls measured (successes, and failures that took their time). */
  samples: number;
  /** Calls in flight there now, in this process. */
  inFlight: number;
}

/** Options of `rankTargets`. */
export interface RankOptions {
  /** The route after the request's routing fields (`provider`, `providers`, `fallback`). */
  route: Route;
  requirements?: Requirements;
  /** What the engine measured at a target for the route's kind. */
  stats: (target: RouteTarget) => TargetStats;
  /** This request's estimated price at a target in micro-credits; undefined when unpriced. */
  estimateCost: (target: RouteTarget) => number | undefined;
  /** A target's tiers (the config's, else the catalog's); `{}` when unknown (counts as standard). */
  tierOf: (target: RouteTarget) => ModelTier;
  /** Randomness for `weighted`, in [0, 1). */
  random: () => number;
}

/** One target as a ranking places it. */
export interface RankedTarget {
  target: RouteTarget;
  /** False when the request's requirements exclude it. */
  included: boolean;
  /** Why it is excluded: which requirement, with the figures. */
  skip?: { reason: 'requirement-unmet'; message: string };
  /** Why the strategy put it where it is, in words ("estimated 1200 µcr, cheapest"). */
  why: string;
  estimatedCostMicroCredits?: number;
  /** The latency the strategy trusts (enough samples); undefined otherwise. */
  expectedLatencyMs?: number;
  latencySamples: number;
  inFlight: number;
}

/** A route's targets in the order a call tries them: included ones ranked, then excluded ones. */
export interface Ranking {
  strategy: RoutingStrategy;
  targets: RankedTarget[];
}
