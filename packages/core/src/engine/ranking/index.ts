// Ranking a route's targets per call: requirements, strategies, and what the engine measures.
// Re-exported whole by the engine's index.

export type { RankedTarget, RankOptions, Ranking, TargetStats } from './types';
export { rankTargets } from './rank-targets';
export {
  DEFAULT_LATENCY_KEYS,
  LatencyTracker,
  latencyKey,
} from './latency-tracker';
export type { LatencyEstimate, LatencyObservation } from './latency-tracker';
export { TIMED_FAILURE_CODES } from './target-measures';
