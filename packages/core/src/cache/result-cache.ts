import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import stringify from 'safe-stable-stringify';

/**
 * An exact-match store of finished results, keyed by {@link resultCacheKey}.
 * The server keeps it in memory, or in Redis when replicas share it.
 */
export interface ResultCache<TValue> {
  /** The stored value, or undefined when there is none or it has expired. */
  get(key: string): Promise<TValue | undefined>;
  /** Stores a value for `ttlMs` milliseconds. */
  set(key: string, value: TValue, ttlMs: number): Promise<void>;
}

/** Options of {@link createMemoryResultCache}. */
export interface MemoryResultCacheOptions {
  /** Most entries kept; the least recently used go first. Default 1000. */
  maxEntries?: number;
  /** Most bytes of JSON kept (images make large entries). Default 256 MiB. */
  maxBytes?: number;
  /**
   * The clock TTLs run on, in milliseconds (positive, like `Date.now`), read
   * on every lookup. Default: lru-cache's own monotonic clock.
   */
  now?: () => number;
}

/**
 * A result cache in this process's memory (lru-cache with a TTL per entry).
 *
 * @example
 * const cache = createMemoryResultCache<GenerateResult>({ maxEntries: 500 });
 */
export function createMemoryResultCache<TValue extends object>(
  options: MemoryResultCacheOptions = {},
): ResultCache<TValue> {
  const entries = new LRUCache<string, TValue>({
    max: options.maxEntries ?? 1000,
    maxSize: options.maxBytes ?? 256 * 1024 * 1024,
    sizeCalculation: (value) => Math.max(1, JSON.stringify(value).length),
    ...(options.now === undefined
      ? {}
      : { perf: { now: options.now }, ttlResolution: 0 }),
  });
  return {
    get: (key) => Promise.resolve(entries.get(key)),
    set: (key, value, ttlMs) => {
      entries.set(key, value, { ttl: ttlMs });
      return Promise.resolve();
    },
  };
}

/**
 * The cache key of a request on a route: a SHA-256 of the canonical JSON
 * (keys sorted, `undefined` left out) of both, so the same request written
 * with its fields in another order finds the same entry.
 */
export function resultCacheKey(parts: {
  route: string;
  targets: ReadonlyArray<{ instance: string; model: string }>;
  request: Record<string, unknown>;
}): string {
  const canonical = stringify({
    route: parts.route,
    targets: parts.targets.map(
      (target) => `${target.instance}:${target.model}`,
    ),
    request: parts.request,
  });
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('base64url');
}

/**
 * Runs at most one call per key at a time: callers that ask for a key while
 * its call is running get that call's promise. `shared` tells a caller it
 * joined someone else's call.
 */
export class SingleFlight<TValue> {
  private readonly running = new Map<string, Promise<TValue>>();

  async run(
    key: string,
    call: () => Promise<TValue>,
  ): Promise<{ value: TValue; shared: boolean }> {
    const existing = this.running.get(key);
    if (existing !== undefined) return { value: await existing, shared: true };
    const promise = call().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return { value: await promise, shared: false };
  }
}
