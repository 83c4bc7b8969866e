import { SwitchyardError, type ApiKeyRecord } from '@switchyard/core';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
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
 * The limiters' own bound: none. Each window's limiter counts a subject's
 * calls whatever its limit, and the limit is compared here, so a subject
 * whose limit changes (`admin.keys.setLimits`) keeps its count and the new
 * limit holds from its next call.
 */
const UNBOUNDED_POINTS = Number.MAX_SAFE_INTEGER;

/** The limit broken when a window's count (this call included) goes past `points`. */
function brokenLimit(options: {
  window: (typeof WINDOWS)[number];
  points: number;
  count: number;
  msBeforeNext: number;
}): BrokenLimit | undefined {
  const { window, points } = options;
  if (options.count <= points) return undefined;
  return {
    window: window.limit.replace('per', 'per ').toLowerCase(),
    points,
    retryAfterMs: options.msBeforeNext,
  };
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
  const limiterFor = (window: (typeof WINDOWS)[number]) => {
    let limiter = limiters.get(window.limit);
    if (limiter === undefined) {
      const settings = {
        points: UNBOUNDED_POINTS,
        duration: window.seconds,
        keyPrefix: `switchyard:rate:${options.prefix}:${window.limit}`,
      };
      limiter =
        options.redis === undefined
          ? new RateLimiterMemory(settings)
          : new RateLimiterRedis({ ...settings, storeClient: options.redis });
      limiters.set(window.limit, limiter);
    }
    return limiter;
  };
  return {
    async consume({ subject, limits }) {
      for (const window of WINDOWS) {
        const points = limits[window.limit];
        if (points === undefined) continue;
        const used = await limiterFor(window).consume(subject);
        const broken = brokenLimit({
          window,
          points,
          count: used.consumedPoints,
          msBeforeNext: used.msBeforeNext,
        });
        if (broken !== undefined) return broken;
      }
      return undefined;
    },
    async peek({ subject, limits }) {
      for (const window of WINDOWS) {
        const points = limits[window.limit];
        if (points === undefined) continue;
        const used = await limiterFor(window).get(subject);
        if (used === null) continue;
        // Would one more call fit?
        const broken = brokenLimit({
          window,
          points,
          count: used.consumedPoints + 1,
          msBeforeNext: used.msBeforeNext,
        });
        if (broken !== undefined) return broken;
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
