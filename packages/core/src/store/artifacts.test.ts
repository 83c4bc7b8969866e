import { describe, expect, it } from 'vitest';
import { createMemoryArtifactStore } from './artifacts';

const record = (id: string, expiresAt?: number) => ({
  id,
  keyId: 'key_1',
  generationId: `gen_${id}`,
  mimeType: 'video/mp4',
  bytes: 10,
  sha256: 'a'.repeat(64),
  location: `loc-${id}`,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

describe('createMemoryArtifactStore', () => {
  it('should record an artifact with the store clock and find it by id', async () => {
    const store = createMemoryArtifactStore({ now: () => 1_000 });
    const created = await store.create(record('art_a', 5_000));
    expect(created).toEqual({ ...record('art_a', 5_000), createdAt: 1_000 });
    expect(await store.get('art_a')).toEqual(created);
    expect(await store.get('art_b')).toBeUndefined();
  });

  it('should refuse a second artifact with the same id', async () => {
    const store = createMemoryArtifactStore();
    await store.create(record('art_a'));
    await expect(store.create(record('art_a'))).rejects.toThrow(/exists/);
  });

  it('should list expired artifacts soonest first, bounded, never those kept for good', async () => {
    const store = createMemoryArtifactStore();
    await store.create(record('art_late', 300));
    await store.create(record('art_forever'));
    await store.create(record('art_early', 100));
    await store.create(record('art_future', 900));
    const expired = await store.listExpired(300, 10);
    expect(expired.map((artifact) => artifact.id)).toEqual([
      'art_early',
      'art_late',
    ]);
    expect(
      (await store.listExpired(300, 1)).map((artifact) => artifact.id),
    ).toEqual(['art_early']);
  });

  it('should delete a record once', async () => {
    const store = createMemoryArtifactStore();
    await store.create(record('art_a', 1));
    expect(await store.delete('art_a')).toBe(true);
    expect(await store.delete('art_a')).toBe(false);
    expect(await store.listExpired(10, 10)).toEqual([]);
  });
});
