import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../__tests__/test-server';
import { PROBES_KEPT, type HealthStore } from './health-store';
import { createRedisHealthStore } from './redis-health-store';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedisHealthStore', () => {
  const keyPrefix = `test_health_store_${randomUUID()}:`;
  const { logger } = createCapturingLogger('silent');
  const clients: Redis[] = [];
  const stores: HealthStore[] = [];
  const replica = async () => {
    const redis = new Redis(REDIS_URL, { keyPrefix, maxRetriesPerRequest: 2 });
    clients.push(redis);
    const store = await createRedisHealthStore({ redis, keyPrefix, logger });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of stores) store.close();
    const [first] = clients;
    if (first !== undefined) {
      const keys = await first.keys(`${keyPrefix}*`);
      const unprefixed = keys.map((key) => key.slice(keyPrefix.length));
      if (unprefixed.length > 0) await first.del(...unprefixed);
    }
    for (const redis of clients) redis.disconnect();
  });

  it('should let one replica claim an instance’s probe per interval', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const claim = (store: HealthStore, slot: number) =>
      store.claimProbe({ instance: 'openai', slot, ttlMs: 60_000 });
    expect((await Promise.all([claim(a, 1), claim(b, 1)])).sort()).toEqual([
      false,
      true,
    ]);
    expect(await claim(a, 1)).toBe(false);
    expect((await Promise.all([claim(b, 2), claim(a, 2)])).sort()).toEqual([
      false,
      true,
    ]);
  });

  it('should make a change on one replica only when both see it, and mirror it on both', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const key = 'target:openai:gpt-4o-mini';
    const change = (
      store: HealthStore,
      from: 'healthy' | undefined,
      at: number,
    ) =>
      store.changeState({
        key,
        from,
        to: {
          state: from === undefined ? 'healthy' : 'down',
          since: at,
          reason: 'x',
        },
      });
    expect(
      (
        await Promise.all([change(a, undefined, 1), change(b, undefined, 1)])
      ).sort(),
    ).toEqual([false, true]);
    expect(
      (
        await Promise.all([change(a, 'healthy', 2), change(b, 'healthy', 2)])
      ).sort(),
    ).toEqual([false, true]);
    // The loser adopted the stored state: no pub/sub wait needed.
    expect(a.stateOf(key)).toMatchObject({ state: 'down', since: 2 });
    expect(b.stateOf(key)).toMatchObject({ state: 'down', since: 2 });
    const late = await replica();
    expect(late.stateOf(key)).toMatchObject({ state: 'down' });
    expect((await late.history([key])).get(key)).toEqual([
      { to: 'healthy', at: 1 },
      { to: 'down', at: 2 },
    ]);
  });

  it('should keep each instance’s last probes for every replica, oldest first', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    for (let at = 1; at <= PROBES_KEPT + 5; at += 1) {
      await a.saveProbe('fal', { ok: at % 2 === 0, latencyMs: 5, at });
    }
    const probes = (await b.probes(['fal', 'never'])).get('fal') ?? [];
    expect(probes).toHaveLength(PROBES_KEPT);
    expect(probes[0]?.at).toBe(6);
    expect(probes.at(-1)?.at).toBe(PROBES_KEPT + 5);
    expect((await b.probes(['never'])).get('never')).toEqual([]);
  });
});
