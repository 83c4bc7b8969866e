import { describe, expect, it } from 'vitest';
import type { StoreHarness } from './harness';

/** API keys: shown once, stored hashed, authenticated until revoked. */
export function describeApiKeys(harness: StoreHarness): void {
  describe('apiKeys', () => {
    it('should show a key once, store only its hash, and authenticate it until revoked', () =>
      showsKeyOnce(harness));
  });
}

/** A key’s limits, stored with it. */
export function describeApiKeyLimits(harness: StoreHarness): void {
  describe('apiKeys limits', () => {
    it('should keep a key’s limits with it', () => keepsKeyLimits(harness));
  });
}

async function showsKeyOnce(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { key, record } = await store.apiKeys.create({
    name: 'frontend',
  });
  expect(key).toMatch(/^sy_[\w-]{40,}$/);
  expect(record).toMatchObject({ name: 'frontend', createdAt: harness.clock });
  expect(key.startsWith(record.prefix)).toBe(true);
  expect(await store.apiKeys.authenticate(key)).toEqual(record);
  expect(await store.apiKeys.authenticate(`${key}x`)).toBeUndefined();
  const listed = await store.apiKeys.list();
  expect(listed).toContainEqual(record);
  expect(JSON.stringify(listed)).not.toContain(key);

  expect(await store.apiKeys.revoke(record.id)).toBe(true);
  expect(await store.apiKeys.revoke(record.id)).toBe(false);
  expect(await store.apiKeys.authenticate(key)).toBeUndefined();
  expect(
    (await store.apiKeys.list()).find((item) => item.id === record.id)
      ?.revokedAt,
  ).toBe(harness.clock);
  expect(await store.apiKeys.get(record.id)).toEqual({
    ...record,
    revokedAt: harness.clock,
  });
  expect(await store.apiKeys.get('key_missing')).toBeUndefined();
}

async function keepsKeyLimits({ store }: StoreHarness): Promise<void> {
  const limits = {
    perMinute: 5,
    routes: ['image'],
    providers: ['local'],
  };
  const { key, record } = await store.apiKeys.create({
    name: 'limited',
    limits,
  });
  expect(record.limits).toEqual(limits);
  expect((await store.apiKeys.authenticate(key))?.limits).toEqual(limits);
}
