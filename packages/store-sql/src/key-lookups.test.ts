import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import type { StoreDatabase } from './database';
import { groupedKeyLookups } from './key-lookups';
import { createSqlStore } from './index';
import type { SwitchyardStore } from '@switchyard/core';
import { hashApiKey } from '@switchyard/core';

const schema = testSchema('lookups');

describe('API key lookups on PostgreSQL', () => {
  let store: SwitchyardStore;
  let pool: pg.Pool;
  let queries = 0;
  let db: Kysely<StoreDatabase>;

  beforeAll(async () => {
    store = await createSqlStore({ url: POSTGRES_URL, schema });
    pool = new pg.Pool({
      connectionString: POSTGRES_URL,
      options: `-c search_path="${schema}"`,
    });
    db = new Kysely<StoreDatabase>({
      dialect: new PostgresDialect({ pool }),
      log: () => {
        queries += 1;
      },
    });
  });
  afterAll(async () => {
    await store?.close();
    await db?.destroy();
    await dropSchemas(schema);
  });

  it('should answer the lookups of one turn with one query, and refuse a key revoked before its lookup', async () => {
    const lookUp = groupedKeyLookups({ db, now: Date.now });
    const live = await store.apiKeys.create({ name: 'live' });
    const revoked = await store.apiKeys.create({ name: 'revoked' });
    await store.apiKeys.revoke(revoked.record.id);
    queries = 0;
    const rows = await Promise.all(
      [live, revoked, live, { key: 'sy_unknown' }, live].map(({ key }) =>
        lookUp(hashApiKey(key)),
      ),
    );
    expect(queries).toBe(1);
    expect(rows.map((row) => row?.id)).toEqual([
      live.record.id,
      undefined,
      live.record.id,
      undefined,
      live.record.id,
    ]);
    // A later turn reads the database again: a key revoked meanwhile is refused.
    await store.apiKeys.revoke(live.record.id);
    expect(await lookUp(hashApiKey(live.key))).toBeUndefined();
    expect(queries).toBe(2);
  });
});
