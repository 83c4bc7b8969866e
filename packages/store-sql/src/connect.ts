import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
} from 'kysely';
import Database from 'libsql';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { StoreDatabase } from './database';
import type { StoreDeps } from './store-deps';

/** Where the store lives: `sqlite:./data/switchyard.db`, `sqlite::memory:` or `postgres://user@host:5432/db`. */
export type StoreUrl = string;

/** Kysely on a store's database, and what its dialect's hot paths use besides. */
export interface OpenDatabase {
  db: Kysely<StoreDatabase>;
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL: see {@link StoreDeps.script}. */
  script?: StoreDeps['script'];
}

/** Opens Kysely on the database a store URL names. */
export function openDatabase(options: {
  url: StoreUrl;
  /** PostgreSQL only: the schema to use (its search_path); default the server's. */
  schema?: string;
  /** SQLite only: relative paths resolve here; default `process.cwd()`. */
  cwd?: string;
}): OpenDatabase {
  const { url } = options;
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length);
    const file =
      location === ':memory:'
        ? location
        : resolve(options.cwd ?? process.cwd(), location);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const database = new Database(file);
    // WAL lets readers work while one writer commits; a busy wait rides out
    // a second process holding the write lock instead of failing at once.
    execWhenFree(
      database,
      'PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;',
    );
    return {
      db: new Kysely<StoreDatabase>({
        dialect: new SqliteDialect({ database: withStatementCache(database) }),
      }),
      dialect: 'sqlite',
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (
      options.schema !== undefined &&
      !/^[A-Za-z_]\w{0,62}$/.test(options.schema)
    ) {
      throw new Error(
        `The store schema "${options.schema}" is not a plain name: letters, digits and _.`,
      );
    }
    // pg is loaded only for a PostgreSQL store (SQLite never pays for it).
    const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
    const pool = new Pool({
      connectionString: url,
      max: 10,
      ...(options.schema === undefined
        ? {}
        : // Quoted, as `create schema` quotes it: a mixed-case name is not folded.
          { options: `-c search_path="${options.schema}"` }),
    });
    return {
      db: new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      // A text without parameters goes as one simple query: every statement
      // in it in one round trip and one transaction.
      script: async (text) => {
        const results = (await pool.query(text)) as
          pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(results) ? results : [results]).map(
          (result) => result.rows as Array<Record<string, unknown>>,
        );
      },
    };
  }
  throw new Error(
    `The store url "${url.replace(/\/\/[^@/]*@/, '//…@')}" is neither sqlite:… nor postgres://…; see the README's store section.`,
  );
}

/** How long opening a SQLite file waits for other processes' locks. */
const OPEN_BUSY_MS = 5_000;

/**
 * Runs `sql` (idempotent pragmas), again while SQLite answers SQLITE_BUSY
 * for up to {@link OPEN_BUSY_MS}. Switching a new file to WAL upgrades a
 * shared lock, and when another process opening the same file holds one
 * too, SQLite refuses at once instead of calling the busy handler (waiting
 * could deadlock both); this waits between tries instead, a few
 * milliseconds, synchronously: it happens only while a store opens.
 */
function execWhenFree(database: Database.Database, sql: string): void {
  const giveUpAt = Date.now() + OPEN_BUSY_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt += 1) {
    try {
      database.exec(sql);
      return;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= giveUpAt) throw error;
      Atomics.wait(pause, 0, 0, Math.min(5 * attempt, 50));
    }
  }
}

/** Most prepared statements kept per SQLite connection. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew; the store runs the same
 * few statements on every call, so preparing each once saves a parse per
 * query. Statements run synchronously, so reusing one is safe.
 */
function withStatementCache(
  database: Database.Database,
): SqliteDialectConfig['database'] {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
