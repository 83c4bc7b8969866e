import { describe, expect, it } from 'vitest';
import type { StoreHarness } from './harness';

/** API keys: shown once, stored hashed, authenticated until revoked. */
export function describeApiKeys(harness: StoreHarness): void {
  describe('apiKeys', () => {
    it('should show a key once, store only its hash, and authenticate it until revoked', () =>
      showsKeyOnce(harness));
  });
}

/** A key’s limits, stored with it and changed by `setLimits`; its role. */
export function describeApiKeyLimits(harness: StoreHarness): void {
  describe('apiKeys limits', () => {
    it('should keep a key’s limits with it', () => keepsKeyLimits(harness));
    it('should replace and clear a key’s limits with setLimits, seen by the next authenticate', () =>
      replacesLimits(harness));
  });
  describe('apiKeys role', () => {
    it('should make keys users unless created as admins, and keep the role', () =>
      keepsRole(harness));
  });
}

async function showsKeyOnce(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { key, record } = await store.apiKeys.create({
    name: 'frontend',
  });
  expect(key).toMatch(/^sy_[\w-]{40,}$/);
  expect(record).toMatchObject({
    name: 'frontend',
    role: 'user',
    createdAt: harness.clock,
  });
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

async function replacesLimits({ store }: StoreHarness): Promise<void> {
  const { key, record } = await store.apiKeys.create({
    name: 'changing',
    limits: { perMinute: 5 },
  });
  const other = await store.apiKeys.create({
    name: 'bystander',
    limits: { perDay: 9 },
  });
  const limits = { perHour: 2, routes: ['text'], providers: ['local'] };
  const updated = await store.apiKeys.setLimits(record.id, limits);
  expect(updated).toEqual({ ...record, limits });
  expect(await store.apiKeys.authenticate(key)).toEqual(updated);
  expect(await store.apiKeys.get(record.id)).toEqual(updated);

  const cleared = await store.apiKeys.setLimits(record.id, undefined);
  expect(cleared).toEqual({ ...record, limits: undefined });
  expect(cleared).not.toHaveProperty('limits');
  expect((await store.apiKeys.authenticate(key))?.limits).toBeUndefined();

  expect(
    await store.apiKeys.setLimits('key_missing', { perMinute: 1 }),
  ).toBeUndefined();
  expect(await store.apiKeys.get(other.record.id)).toEqual(other.record);
}

async function keepsRole({ store }: StoreHarness): Promise<void> {
  const admin = await store.apiKeys.create({ name: 'ops', role: 'admin' });
  const user = await store.apiKeys.create({ name: 'app', role: 'user' });
  expect(admin.record.role).toBe('admin');
  expect(user.record.role).toBe('user');
  expect((await store.apiKeys.authenticate(admin.key))?.role).toBe('admin');
  expect((await store.apiKeys.get(user.record.id))?.role).toBe('user');
  const listed = await store.apiKeys.list();
  expect(listed).toContainEqual(admin.record);
  expect(listed).toContainEqual(user.record);
  // A limit change keeps the role.
  expect(
    (await store.apiKeys.setLimits(admin.record.id, { perMinute: 3 }))?.role,
  ).toBe('admin');
}
