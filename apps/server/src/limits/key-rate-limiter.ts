import { SwitchyardError, type ApiKeyRecord } from '@switchyard/core';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

const WINDOWS = [
  { limit: 'perMinute', seconds: 60 },
  { limit: 'perHour', seconds: 3_600 },
  { limit: 'perDay', seconds: 86_400 },
] as const;

/** Counts each key's calls against its per-minute, -hour and -day limits. */
export interface KeyRateLimiter {
  /** Counts one call; throws `rate_limited` with `retryAfterMs` when a limit is reached. */
  consume(key: ApiKeyRecord): Promise<void>;
}

/**
 * Per-key rate limits with rate-limiter-flexible: in this process's memory,
 * or in Redis (atomic, shared by every replica) when one is configured.
 */
export function createKeyRateLimiter(options: {
  redis?: Redis;
}): KeyRateLimiter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (window: (typeof WINDOWS)[number], points: number) => {
    const name = `${window.limit}:${points}`;
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      const settings = {
        points,
        duration: window.seconds,
        keyPrefix: `switchyard:rate:${name}`,
      };
      limiter =
        options.redis === undefined
          ? new RateLimiterMemory(settings)
          : new RateLimiterRedis({ ...settings, storeClient: options.redis });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  return {
    async consume(key) {
      for (const window of WINDOWS) {
        const points = key.limits?.[window.limit];
        if (points === undefined) continue;
        try {
          await limiterFor(window, points).consume(key.id);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          throw new SwitchyardError({
            code: 'rate_limited',
            retryAfterMs: rejection.msBeforeNext,
            isRetryable: true,
            message: `This key's limit of ${points} calls ${window.limit.replace('per', 'per ').toLowerCase()} is reached; try again in ${Math.ceil(rejection.msBeforeNext / 1000)} s.`,
          });
        }
      }
    },
  };
}
