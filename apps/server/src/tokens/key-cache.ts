import type { ApiKeyRecord, ApiKeyStore } from '@switchyard/core';

/**
 * Minting keys' records by id, each read from the store at most once per
 * `ttlMs`: a token's call needs its key's limits without a round trip, and a
 * revoked key's tokens stop working within `ttlMs`.
 */
export interface KeyCache {
  /** The live key's record; undefined when it is revoked or gone. */
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  /** Drops a key's record (it was just changed here), so its next use reads the store. */
  forget(keyId: string): void;
}

/** A {@link KeyCache} on `keys`, bounded to `maxEntries` keys. */
export function createKeyCache(options: {
  keys: ApiKeyStore;
  now: () => number;
  ttlMs: number;
  maxEntries?: number;
}): KeyCache {
  const { keys, now, ttlMs } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<
    string,
    { readAt: number; record: Promise<ApiKeyRecord | undefined> }
  >();
  return {
    get(keyId) {
      const cached = entries.get(keyId);
      if (cached !== undefined && now() - cached.readAt < ttlMs) {
        return cached.record;
      }
      const record = keys
        .get(keyId)
        .then((found) => (found?.revokedAt === undefined ? found : undefined));
      // A failed read is not kept: the next call reads again.
      record.catch(() => entries.delete(keyId));
      entries.delete(keyId);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(keyId, { readAt: now(), record });
      return record;
    },
    forget(keyId) {
      entries.delete(keyId);
    },
  };
}
