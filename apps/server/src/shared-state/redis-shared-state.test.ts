import { createMemoryResultCache, type ResultCache } from '@switchyard/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCapturingLogger } from '../__tests__/test-server';
import {
  createRedisBreakerStates,
  createRedisHealth,
  createRedisResultCache,
} from './redis-shared-state';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `test_shared_${process.pid}_${Date.now()}:`;
const { logger } = createCapturingLogger('silent');

const redisClients: Redis[] = [];
function connect(): Redis {
  const redis = new Redis(REDIS_URL, { keyPrefix, maxRetriesPerRequest: 2 });
  redisClients.push(redis);
  return redis;
}

afterAll(async () => {
  const [first] = redisClients;
  if (first !== undefined) {
    const keys = await first.keys(`${keyPrefix}*`);
    const unprefixed = keys.map((key) => key.slice(keyPrefix.length));
    if (unprefixed.length > 0) await first.del(...unprefixed);
  }
  for (const redis of redisClients) redis.disconnect();
});

/** A result cache under test, and a way to let time pass for one of its entries. */
interface CacheUnderTest {
  cache: ResultCache<{ text: string }>;
  /** Makes `ms` pass for the entry under `key`, as far as the cache can tell. */
  elapse(key: string, ms: number): Promise<void>;
}

/** What every result cache must do, memory or Redis. */
function describeResultCache(name: string, create: () => CacheUnderTest) {
  describe(`${name} result cache`, () => {
    let cache: ResultCache<{ text: string }>;
    let elapse: CacheUnderTest['elapse'];
    beforeAll(() => {
      ({ cache, elapse } = create());
    });

    it('should return what was stored under a key, and nothing for another key', async () => {
      await cache.set('answer', { text: 'forty-two' }, 60_000);
      expect(await cache.get('answer')).toEqual({ text: 'forty-two' });
      expect(await cache.get('question')).toBeUndefined();
    });

    it('should replace an entry stored again', async () => {
      await cache.set('replaced', { text: 'old' }, 60_000);
      await cache.set('replaced', { text: 'new' }, 60_000);
      expect(await cache.get('replaced')).toEqual({ text: 'new' });
    });

    it('should forget an entry once its TTL is over', async () => {
      await cache.set('brief', { text: 'soon gone' }, 60_000);
      await elapse('brief', 30_000);
      expect(await cache.get('brief')).toEqual({ text: 'soon gone' });
      await elapse('brief', 30_001);
      expect(await cache.get('brief')).toBeUndefined();
    });
  });
}

describeResultCache('memory', () => {
  let now = 1_000_000;
  return {
    cache: createMemoryResultCache({ now: () => now }),
    elapse: (_key, ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
});
describeResultCache('Redis', () => {
  const redis = connect();
  return {
    cache: createRedisResultCache({ redis }),
    // Redis expires keys on its own clock: take `ms` off the entry's
    // remaining life instead, as its PTTL tells it (-1 when it has no TTL).
    async elapse(key, ms) {
      const entry = `switchyard:cache:${key}`;
      const left = await redis.pttl(entry);
      if (left > ms) await redis.pexpire(entry, left - ms);
      else await redis.pexpireat(entry, 1);
    },
  };
});

describe('Redis breaker states', () => {
  it('should deliver a change published by one replica to another, and to one started later', async () => {
    const first = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    const second = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    const opened = {
      state: 'open' as const,
      openedAt: 1_000,
      changedAt: 1_000,
    };
    first.publish('flaky:answer', opened);
    expect(first.get('flaky:answer')).toEqual(opened);
    await vi.waitFor(() => expect(second.get('flaky:answer')).toEqual(opened));
    // A replica holding a newer change ignores an older one (its own included).
    second.publish('flaky:answer', { state: 'closed', changedAt: 500 });
    expect(second.get('flaky:answer')).toEqual(opened);

    const late = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    expect(late.get('flaky:answer')?.state).toBe('open');
    for (const states of [first, second, late]) states.close();
  });
});

describe('Redis breaker states racing through Redis', () => {
  it('should keep the newer change when an older one reaches Redis after it, and not publish the older', async () => {
    const watcher = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    const slow = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    // Another replica's newer close is in Redis, but neither of these has
    // heard of it yet (as when its message is still on the way).
    const newer = { state: 'closed' as const, changedAt: 2_000 };
    await connect().hset(
      'switchyard:breakers',
      'racy:answer',
      JSON.stringify({ key: 'racy:answer', change: newer }),
    );
    slow.publish('racy:answer', {
      state: 'open',
      openedAt: 1_000,
      changedAt: 1_000,
    });
    // The script refuses the older change, so publishes nothing. A sentinel
    // change sent after it on the same connection runs its script after
    // it, and pub/sub delivers in order: once the watcher has the sentinel,
    // it would have had the older change too, had that been published.
    const sentinel = { state: 'closed' as const, changedAt: 3_000 };
    slow.publish('sentinel:answer', sentinel);
    await vi.waitFor(
      () => expect(watcher.get('sentinel:answer')).toEqual(sentinel),
      { timeout: 5_000 },
    );
    expect(watcher.get('racy:answer')).toBeUndefined();
    const late = await createRedisBreakerStates({
      redis: connect(),
      keyPrefix,
      logger,
    });
    expect(late.get('racy:answer')).toEqual(newer);
    for (const states of [watcher, slow, late]) states.close();
  });
});

describe('Redis health', () => {
  it('should summarise the calls every replica recorded, newest last, at most 100', async () => {
    const firstConnection = connect();
    const multi = vi.spyOn(firstConnection, 'multi');
    // Its records wait a minute unless it reads (the default is 100 ms).
    const first = createRedisHealth({
      redis: firstConnection,
      logger,
      flushMs: 60_000,
    });
    const second = createRedisHealth({ redis: connect(), logger });
    const statsOf = async (health: typeof first) =>
      (await health.stats(['a:m', 'never:called'])).get('a:m');
    for (let index = 0; index < 60; index += 1) {
      first.record('a:m', { ok: true, latencyMs: index, at: index });
    }
    // A replica's own read writes its waiting records first.
    expect((await statsOf(first))?.recentCalls).toBe(60);
    await vi.waitFor(async () =>
      expect((await statsOf(second))?.recentCalls).toBe(60),
    );
    // Calls recorded together go to Redis in one transaction.
    expect(multi).toHaveBeenCalledTimes(1);
    // Then the other replica's 50 calls, every second one failing.
    for (let index = 60; index < 110; index += 1) {
      const ok = index % 2 === 1;
      second.record('a:m', {
        ok,
        latencyMs: index,
        code: ok ? undefined : 'server_error',
        at: index,
      });
    }
    await vi.waitFor(async () =>
      expect((await statsOf(first))?.lastCallAt).toBe(109),
    );
    const stats = (await second.stats(['a:m', 'never:called'])).get('a:m');
    // The newest 100: calls 10–59 (all fine) and 60–109 (half failed).
    expect(stats).toMatchObject({
      recentCalls: 100,
      successRate: 0.75,
      lastErrorCode: 'server_error',
      lastCallAt: 109,
    });
  });
});
