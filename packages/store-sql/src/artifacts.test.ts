import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchyardStore } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import { createSqlStore } from './index';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-artifacts-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// Each run gets its own schema, dropped at the end.
const schema = testSchema('artifacts');
afterAll(() => dropSchemas(schema));

const databases: Array<{
  name: string;
  open: (now: () => number) => Promise<SwitchyardStore>;
}> = [
  {
    name: 'SQLite',
    open: (now) =>
      createSqlStore({ url: `sqlite:${join(directory, 'a.db')}`, now }),
  },
  {
    name: 'PostgreSQL',
    open: (now) => createSqlStore({ url: POSTGRES_URL, schema, now }),
  },
];

const record = (id: string, expiresAt?: number) => ({
  id,
  keyId: 'key_1',
  subject: 'user-1',
  generationId: `gen_${id}`,
  mimeType: 'video/mp4',
  // Past 2^31, as a large video is.
  bytes: 3_000_000_000,
  sha256: 'b'.repeat(64),
  location: `loc-${id}`,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

describe.each(databases)('$name artifact store', ({ open }) => {
  let store: SwitchyardStore;
  const clock = 1_700_000_000_000;
  beforeAll(async () => {
    store = await open(() => clock);
  });
  afterAll(() => store.close());

  it('should record an artifact and read it back as written', async () => {
    const created = await store.artifacts.create(record('art_a', clock + 10));
    expect(created).toEqual({
      ...record('art_a', clock + 10),
      createdAt: clock,
    });
    expect(await store.artifacts.get('art_a')).toEqual(created);
    expect(await store.artifacts.get('art_none')).toBeUndefined();
  });

  it('should keep an artifact without a key, subject or expiry', async () => {
    const { keyId: _key, subject: _subject, ...anonymous } = record('art_b');
    const created = await store.artifacts.create(anonymous);
    expect(created).toEqual({ ...anonymous, createdAt: clock });
    expect(await store.artifacts.get('art_b')).toEqual(created);
  });

  it('should refuse a second artifact with the same id', async () => {
    await expect(store.artifacts.create(record('art_a'))).rejects.toThrow();
  });

  it('should list expired artifacts soonest first and bounded, then delete them once', async () => {
    await store.artifacts.create(record('art_c', clock + 5));
    await store.artifacts.create(record('art_d', clock + 50));
    expect(
      (await store.artifacts.listExpired(clock + 10, 10)).map(
        (artifact) => artifact.id,
      ),
    ).toEqual(['art_c', 'art_a']);
    expect(
      (await store.artifacts.listExpired(clock + 10, 1)).map(
        (artifact) => artifact.id,
      ),
    ).toEqual(['art_c']);
    expect(await store.artifacts.delete('art_c')).toBe(true);
    expect(await store.artifacts.delete('art_c')).toBe(false);
    expect(
      (await store.artifacts.listExpired(clock + 1_000, 10)).map(
        (artifact) => artifact.id,
      ),
    ).toEqual(['art_a', 'art_d']);
  });
});
