import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import Database from 'libsql';
import pg from 'pg';
import type { StoreDatabase } from './database';

/** Where the store lives: `sqlite:./data/switchyard.db`, `sqlite::memory:` or `postgres://user@host:5432/db`. */
export type StoreUrl = string;

/** Opens Kysely on the database a store URL names. */
export function openDatabase(options: {
  url: StoreUrl;
  /** PostgreSQL only: the schema to use (its search_path); default the server's. */
  schema?: string;
  /** SQLite only: relative paths resolve here; default `process.cwd()`. */
  cwd?: string;
}): { db: Kysely<StoreDatabase>; dialect: 'sqlite' | 'postgres' } {
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
    database.exec(
      'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;',
    );
    return {
      db: new Kysely<StoreDatabase>({
        dialect: new SqliteDialect({ database }),
      }),
      dialect: 'sqlite',
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(options.schema === undefined
        ? {}
        : { options: `-c search_path=${options.schema}` }),
    });
    return {
      db: new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
    };
  }
  throw new Error(
    `The store url "${url.replace(/\/\/[^@/]*@/, '//…@')}" is neither sqlite:… nor postgres://…; see the README's store section.`,
  );
}
