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

/** Calls allowed per window; unset means no limit. */
export interface WindowLimits {
  perMinute?: number;
  perHour?: number;
  perDay?: number;
}

/** A limit a call broke, and how long until the window frees a call. */
export interface BrokenLimit {
  /** `per minute`, `per hour` or `per day`. */
  window: string;
  points: number;
  retryAfterMs: number;
}

/** Counts calls per subject (a key, a provider instance) in fixed windows. */
export interface WindowCounter {
  /** Counts one call; undefined when it fits, else the limit it broke. */
  consume(call: {
    subject: string;
    limits: WindowLimits;
  }): Promise<BrokenLimit | undefined>;
  /** Whether one more call would fit, without counting it; undefined when it would. */
  peek(call: {
    subject: string;
    limits: WindowLimits;
  }): Promise<BrokenLimit | undefined>;
}

/**
 * Window counters with rate-limiter-flexible: in this process's memory, or
 * in Redis (atomic, shared by every replica) when one is configured.
 */
export function createWindowCounter(options: {
  redis?: Redis;
  /** Keeps the counts of different subjects' kinds apart (`key`, `instance`). */
  prefix: string;
}): WindowCounter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (window: (typeof WINDOWS)[number], points: number) => {
    const name = `${options.prefix}:${window.limit}:${points}`;
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
    async consume({ subject, limits }) {
      for (const window of WINDOWS) {
        const points = limits[window.limit];
        if (points === undefined) continue;
        try {
          await limiterFor(window, points).consume(subject);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return {
            window: window.limit.replace('per', 'per ').toLowerCase(),
            points,
            retryAfterMs: rejection.msBeforeNext,
          };
        }
      }
      return undefined;
    },
    async peek({ subject, limits }) {
      for (const window of WINDOWS) {
        const points = limits[window.limit];
        if (points === undefined) continue;
        const used = await limiterFor(window, points).get(subject);
        if (used !== null && used.consumedPoints >= points) {
          return {
            window: window.limit.replace('per', 'per ').toLowerCase(),
            points,
            retryAfterMs: used.msBeforeNext,
          };
        }
      }
      return undefined;
    },
  };
}

/** Counts each key's calls against its per-minute, -hour and -day limits. */
export interface KeyRateLimiter {
  /** Counts one call; throws `rate_limited` with `retryAfterMs` when a limit is reached. */
  consume(key: ApiKeyRecord): Promise<void>;
  /** Counts one call of a minted token against its own limit, per key and subject. */
  consumeToken(token: {
    keyId: string;
    subject: string;
    rateLimit?: WindowLimits;
  }): Promise<void>;
}

/** Per-key rate limits, counted by {@link createWindowCounter}. */
export function createKeyRateLimiter(options: {
  redis?: Redis;
}): KeyRateLimiter {
  const counter = createWindowCounter({ ...options, prefix: 'key' });
  const subjects = createWindowCounter({ ...options, prefix: 'subject' });
  return {
    async consume(key) {
      const broken = await counter.consume({
        subject: key.id,
        limits: key.limits ?? {},
      });
      if (broken !== undefined) throw rateLimited('key', broken);
    },
    async consumeToken(token) {
      if (token.rateLimit === undefined) return;
      const broken = await subjects.consume({
        subject: `${token.keyId}\n${token.subject}`,
        limits: token.rateLimit,
      });
      if (broken !== undefined) throw rateLimited('token', broken);
    },
  };
}

function rateLimited(
  holder: 'key' | 'token',
  broken: BrokenLimit,
): SwitchyardError {
  return new SwitchyardError({
    code: 'rate_limited',
    retryAfterMs: broken.retryAfterMs,
    isRetryable: true,
    message: `This ${holder}'s limit of ${broken.points} calls ${broken.window} is reached; try again in ${Math.ceil(broken.retryAfterMs / 1000)} s.`,
  });
}
