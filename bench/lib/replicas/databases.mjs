// The bench's own connections to the stores the gateways use: PostgreSQL
// (direct, never through the counting proxy) and the SQLite file, read with
// the drivers the store itself depends on, and Redis to remove the run's keys.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const fromStore = createRequire(
  resolve(root, 'packages/store-sql/package.json'),
);
const fromServer = createRequire(resolve(root, 'apps/server/package.json'));

/** PostgreSQL as the bench reaches it (trust auth); the database is `test`. */
export const POSTGRES = { host: '127.0.0.1', port: 5432, database: 'test' };
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A PostgreSQL URL on `port` (the proxy's or the server's). */
export const postgresUrl = (port) =>
  `postgres://postgres@${POSTGRES.host}:${port}/${POSTGRES.database}`;

/** A connected node-postgres client, straight to PostgreSQL. */
export async function connectPostgres() {
  const { Client } = fromStore('pg');
  const client = new Client({ connectionString: postgresUrl(POSTGRES.port) });
  await client.connect();
  return client;
}

/**
 * `query(sql)` over a connected PostgreSQL client or the SQLite file at
 * `file` (libsql, as the store opens it), resolving rows as plain objects;
 * `close()` ends it.
 */
export async function openReader(database) {
  if (database.kind === 'postgres') {
    const client = await connectPostgres();
    return {
      query: async (sql) => (await client.query(sql)).rows,
      close: () => client.end(),
    };
  }
  const Database = fromStore('libsql');
  const db = new Database(database.file);
  return {
    query: async (sql) => db.prepare(sql).all(),
    close: async () => db.close(),
  };
}

/** Committed transactions of the bench's database so far (pg_stat_database, updated by each backend about once a second). */
export async function xactCommits(client) {
  const { rows } = await client.query(
    'select xact_commit from pg_stat_database where datname = $1',
    [POSTGRES.database],
  );
  return Number(rows[0]?.xact_commit ?? Number.NaN);
}

/** Drops the run's PostgreSQL schema and everything in it. */
export async function dropSchema(schema) {
  const client = await connectPostgres();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Deletes every Redis key that starts with `prefix`; resolves how many. */
export async function deleteRedisKeys(prefix) {
  const { Redis } = fromServer('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix}*`,
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
