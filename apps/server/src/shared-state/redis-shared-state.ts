import {
  createGroupWriter,
  summarizeCalls,
  type BreakerChange,
  type CallRecord,
  type HealthStats,
  type ResultCache,
  type SharedBreakerStates,
} from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** Recent calls kept per target in Redis, as in one engine. */
const HEALTH_WINDOW = 100;

/**
 * Breaker opens and closes shared by every replica on one Redis: a hash holds
 * the newest change per target (read once at start), a pub/sub channel
 * carries each new one. Replicas read a local mirror, so a call never waits
 * for Redis to learn a breaker's state; a change reaches the others within
 * one pub/sub delivery.
 */
export async function createRedisBreakerStates(options: {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}): Promise<SharedBreakerStates & { close(): void }> {
  const { redis, logger } = options;
  const hashKey = 'switchyard:breakers';
  // The client's keyPrefix covers keys, not channel names.
  const channel = `${options.keyPrefix}switchyard:breakers`;
  const mirror = new Map<string, BreakerChange>();
  const adopt = (key: string, change: BreakerChange) => {
    const known = mirror.get(key);
    if (known === undefined || change.changedAt > known.changedAt) {
      mirror.set(key, change);
    }
  };
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => {
    const parsed = parseChange(message);
    if (parsed !== undefined) adopt(parsed.key, parsed.change);
  });
  await subscriber.subscribe(channel);
  for (const [key, value] of Object.entries(await redis.hgetall(hashKey))) {
    const parsed = parseChange(value);
    if (parsed !== undefined) adopt(key, parsed.change);
  }
  return {
    get: (key) => mirror.get(key),
    publish(key, change) {
      const known = mirror.get(key);
      if (known !== undefined && known.changedAt >= change.changedAt) return;
      mirror.set(key, change);
      const message = JSON.stringify({ key, change });
      redis
        .eval(
          PUBLISH_IF_NEWER,
          1,
          hashKey,
          key,
          message,
          change.changedAt,
          channel,
        )
        .catch((error: unknown) => {
          logger.error(
            { err: error, target: key },
            'sharing a breaker change through Redis failed; other replicas keep their own state',
          );
        });
    },
    close: () => subscriber.disconnect(),
  };
}

/**
 * Stores and publishes a change unless the hash holds a newer one (another
 * replica's change may reach Redis after a later one).
 * KEYS[1] hash; ARGV: target key, message, changedAt, channel.
 */
const PUBLISH_IF_NEWER = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and decoded.change and tonumber(decoded.change.changedAt) >= tonumber(ARGV[3]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1
`;

function parseChange(
  message: string,
): { key: string; change: BreakerChange } | undefined {
  try {
    const parsed = JSON.parse(message) as { key?: unknown; change?: unknown };
    const change = parsed.change as Partial<BreakerChange> | undefined;
    if (
      typeof parsed.key !== 'string' ||
      (change?.state !== 'open' && change?.state !== 'closed') ||
      typeof change.changedAt !== 'number'
    ) {
      return undefined;
    }
    return { key: parsed.key, change: change as BreakerChange };
  } catch {
    return undefined;
  }
}

/** One finished call at a target, with its error's message (credentials redacted) when it failed. */
export interface HealthCallRecord extends CallRecord {
  message?: string;
}

/** Recent calls per target, kept in Redis lists that every replica adds to. */
export interface SharedHealth {
  record(target: string, call: HealthCallRecord): void;
  /** The recent calls of each target across all replicas, oldest first (at most 100). */
  calls(targets: readonly string[]): Promise<Map<string, HealthCallRecord[]>>;
  /** Statistics of each target's recent calls across all replicas. */
  stats(targets: readonly string[]): Promise<Map<string, HealthStats>>;
}

/**
 * How long recent-call records wait to go to Redis together: a replica
 * writes them about once per this, whatever its traffic (a round trip per
 * call cost more than the call's own database work). A replica's own reads
 * write its waiting records first.
 */
export const HEALTH_FLUSH_MS = 100;

/** {@link SharedHealth} on Redis: one capped list per target. */
export function createRedisHealth(options: {
  redis: Redis;
  logger: Logger;
  /** How long records wait to go to Redis together. Default {@link HEALTH_FLUSH_MS}. */
  flushMs?: number;
}): SharedHealth {
  const { redis, logger } = options;
  const listKey = (target: string) => `switchyard:health:${target}`;
  const records = createGroupWriter<{ target: string; entry: string }>({
    delayMs: options.flushMs ?? HEALTH_FLUSH_MS,
    async insert(rows) {
      // One round trip for every call recorded meanwhile, oldest first per target.
      const queued = new Map<string, string[]>();
      for (const { target, entry } of rows) {
        const entries = queued.get(target);
        if (entries === undefined) queued.set(target, [entry]);
        else entries.push(entry);
      }
      const transaction = redis.multi();
      for (const [target, entries] of queued) {
        transaction
          .lpush(listKey(target), ...entries)
          .ltrim(listKey(target), 0, HEALTH_WINDOW - 1);
      }
      await transaction.exec().catch((error: unknown) => {
        logger.warn({ err: error }, 'recording health in Redis failed');
      });
    },
  });
  const calls = async (targets: readonly string[]) => {
    await records.settled();
    const pipeline = redis.pipeline();
    for (const target of targets) {
      pipeline.lrange(listKey(target), 0, HEALTH_WINDOW - 1);
    }
    const replies = (await pipeline.exec()) ?? [];
    const found = new Map<string, HealthCallRecord[]>();
    for (const [index, target] of targets.entries()) {
      const [error, list] = replies[index] ?? [];
      if (error || !Array.isArray(list)) continue;
      found.set(
        target,
        (list as string[])
          .map((entry) => JSON.parse(entry) as HealthCallRecord)
          .reverse(),
      );
    }
    return found;
  };
  return {
    record(target, call) {
      void records.write({ target, entry: JSON.stringify(call) });
    },
    calls,
    async stats(targets) {
      const found = await calls(targets);
      return new Map(
        [...found.entries()].map(([target, list]) => [
          target,
          summarizeCalls(list),
        ]),
      );
    },
  };
}

/** A result cache in Redis, shared by every replica (`SET … PX ttl`). */
export function createRedisResultCache<TValue>(options: {
  redis: Redis;
}): ResultCache<TValue> {
  const { redis } = options;
  const entryKey = (key: string) => `switchyard:cache:${key}`;
  return {
    async get(key) {
      const stored = await redis.get(entryKey(key));
      return stored === null ? undefined : (JSON.parse(stored) as TValue);
    },
    async set(key, value, ttlMs) {
      await redis.set(entryKey(key), JSON.stringify(value), 'PX', ttlMs);
    },
  };
}
