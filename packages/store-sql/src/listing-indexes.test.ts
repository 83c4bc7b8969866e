import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type Dialect,
} from 'kysely';
import Database from 'libsql';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import type { StoreDatabase } from './database';
import { createGenerationStore } from './generations';
import { createSqlStore } from './index';

const schema = testSchema('listings');
const directory = mkdtempSync(join(tmpdir(), 'switchyard-listings-'));

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await dropSchemas(schema);
});

interface Target {
  name: string;
  /** Creates the tables (the store's migrations) and closes that store. */
  migrate: () => Promise<void>;
  dialect: () => Dialect;
  /** The plan of a query, as text naming the indexes it reads. */
  plan: (db: Kysely<StoreDatabase>, query: CompiledQuery) => Promise<string>;
  kind: 'sqlite' | 'postgres';
}

const sqliteFile = join(directory, 'listings.db');
const targets: Target[] = [
  {
    name: 'SQLite',
    kind: 'sqlite',
    migrate: async () => {
      await (await createSqlStore({ url: `sqlite:${sqliteFile}` })).close();
    },
    dialect: () => new SqliteDialect({ database: new Database(sqliteFile) }),
    plan: async (db, query) => {
      const { rows } = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [
          ...query.parameters,
        ]),
      );
      return rows.map((row) => row.detail).join('\n');
    },
  },
  {
    name: 'PostgreSQL',
    kind: 'postgres',
    migrate: async () => {
      await (await createSqlStore({ url: POSTGRES_URL, schema })).close();
    },
    dialect: () =>
      new PostgresDialect({
        pool: new pg.Pool({
          connectionString: POSTGRES_URL,
          options: `-c search_path="${schema}"`,
          max: 1,
        }),
      }),
    // A handful of rows reads fastest by a scan: forbidding scans shows
    // whether an index can serve the query at all.
    plan: (db, query) =>
      db.connection().execute(async (connection) => {
        await connection.executeQuery(
          CompiledQuery.raw('set enable_seqscan = off'),
        );
        const { rows } = await connection.executeQuery<{
          'QUERY PLAN': string;
        }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      }),
  },
];

describe.each(targets)('generation listings on $name', (target) => {
  it('should list a key’s calls through indexes that hold no call without a key', async () => {
    await target.migrate();
    const listings: CompiledQuery[] = [];
    const db = new Kysely<StoreDatabase>({
      dialect: target.dialect(),
      log: (event) => {
        if (/^select .* from "switchyard_generations"/i.test(event.query.sql))
          listings.push(event.query);
      },
    });
    try {
      const generations = createGenerationStore({
        db,
        now: Date.now,
        dialect: target.kind,
      });
      const record = (id: string, keyId: string, subject?: string) =>
        generations.record({
          id,
          keyId,
          subject,
          requestHash: 'hash',
          route: 'text',
          createdAt: 1_000,
          status: 'failed',
          errorCode: 'server_error',
        });
      await Promise.all([
        record('gen_a1', 'key_a'),
        record('gen_a2', 'key_a', 'alice'),
        record('gen_anon1', ''),
        record('gen_anon2', ''),
      ]);
      await generations.settled();

      const ids = async (options: { keyId: string; subject?: string }) =>
        (await generations.list({ ...options, limit: 10 })).map(
          (found) => found.id,
        );
      expect(await ids({ keyId: 'key_a' })).toEqual(['gen_a2', 'gen_a1']);
      expect(await ids({ keyId: 'key_a', subject: 'alice' })).toEqual([
        'gen_a2',
      ]);
      expect(listings).toHaveLength(2);
      const [byKey, bySubject] = listings;
      listings.length = 0;
      expect(await ids({ keyId: '' })).toEqual(['gen_anon2', 'gen_anon1']);
      expect(listings).toHaveLength(1);
      const [anonymous] = listings;

      expect(await target.plan(db, byKey as CompiledQuery)).toContain(
        'switchyard_generations_by_key',
      );
      expect(await target.plan(db, bySubject as CompiledQuery)).toContain(
        'switchyard_generations_by_subject',
      );
      // No index holds the calls without a key: writing one costs none.
      expect(await target.plan(db, anonymous as CompiledQuery)).not.toMatch(
        /switchyard_generations_by_(key|subject)/,
      );
    } finally {
      await db.destroy();
    }
  });
});
