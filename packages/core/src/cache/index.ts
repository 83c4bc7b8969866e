// The result cache.
// Re-exported whole by the package's index.

export {
  SingleFlight,
  createMemoryResultCache,
  resultCacheKey,
} from './result-cache';
export type { MemoryResultCacheOptions, ResultCache } from './result-cache';
