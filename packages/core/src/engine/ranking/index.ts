export { rankTargets } from './rank-targets';
export type { RankOptions, RankedTarget, Ranking, TargetStats } from './types';
