import {
  QUALITY_TIERS,
  SPEED_TIERS,
  type ModelTier,
  type Requirements,
} from '../../schemas/routing';
import type { Route } from '../types';
import type { TargetStats } from './types';

/** What the requirements are checked against at one target. */
export interface TargetFacts {
  tier: ModelTier;
  stats: TargetStats;
  /** This request's estimated price there; undefined when unpriced. */
  estimatedCost?: number;
}

/**
 * Why a target cannot meet the request's requirements: one message per
 * requirement it fails, naming the requirement and the figures (e.g.
 * `quality: model tier "draft" is below "premium"`); empty when it meets
 * them all. A model without a tier counts as `standard`; a latency counts
 * only once it rests on `route.fastest.minSamples` samples.
 */
export function unmetRequirements(options: {
  requirements: Requirements | undefined;
  route: Route;
  facts: TargetFacts;
}): string[] {
  const { requirements, route, facts } = options;
  if (requirements === undefined) return [];
  return [
    qualityUnmet(requirements, facts.tier),
    speedUnmet(requirements, facts.tier),
    budgetUnmet(requirements, route, facts.estimatedCost),
    latencyUnmet(requirements, route, facts.stats),
  ].filter((message): message is string => message !== undefined);
}

function qualityUnmet(
  requirements: Requirements,
  tier: ModelTier,
): string | undefined {
  const wanted = requirements.quality;
  if (wanted === undefined) return undefined;
  const actual = tier.quality ?? 'standard';
  return QUALITY_TIERS.indexOf(actual) < QUALITY_TIERS.indexOf(wanted)
    ? `quality: model tier "${actual}" is below "${wanted}"`
    : undefined;
}

function speedUnmet(
  requirements: Requirements,
  tier: ModelTier,
): string | undefined {
  const wanted = requirements.speed;
  if (wanted === undefined) return undefined;
  const actual = tier.speed ?? 'standard';
  return SPEED_TIERS.indexOf(actual) > SPEED_TIERS.indexOf(wanted)
    ? `speed: model tier "${actual}" is slower than "${wanted}"`
    : undefined;
}

function budgetUnmet(
  requirements: Requirements,
  route: Route,
  estimatedCost: number | undefined,
): string | undefined {
  const { budget } = requirements;
  if (budget === undefined) return undefined;
  if (estimatedCost === undefined) {
    return 'budget: no price: a budget cannot be checked';
  }
  const cap = typeof budget === 'number' ? budget : route.budgets[budget];
  const level = typeof budget === 'number' ? '' : ` (${budget})`;
  return estimatedCost > cap
    ? `budget: estimated ${estimatedCost} µcr > cap ${cap}${level}`
    : undefined;
}

function latencyUnmet(
  requirements: Requirements,
  route: Route,
  stats: TargetStats,
): string | undefined {
  const { maxLatencyMs } = requirements;
  const trusted = trustedLatency(route, stats);
  if (maxLatencyMs === undefined || trusted === undefined) return undefined;
  return trusted > maxLatencyMs
    ? `maxLatencyMs: measured ${Math.round(trusted)} ms over ${stats.samples} calls > ${maxLatencyMs} ms`
    : undefined;
}

/**
 * A target's measured latency once it rests on enough samples
 * (`route.fastest.minSamples`); undefined before.
 */
export function trustedLatency(
  route: Route,
  stats: TargetStats,
): number | undefined {
  return stats.samples >= route.fastest.minSamples
    ? stats.latencyMs
    : undefined;
}
