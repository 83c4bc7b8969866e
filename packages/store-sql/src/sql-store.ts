import type { SwitchyardStore } from '@switchyard/core';
import { sql, type Kysely } from 'kysely';
import { createApiKeyStore } from './api-keys';
import { createArtifactStore } from './artifacts';
import { openDatabase, type StoreUrl } from './connect';
import { createGenerationStore } from './generations';
import { createJobStore } from './jobs';
import { createCreditLedger } from './ledger';
import { migrateToLatest } from './migrate';
import { createTokenStore } from './tokens';
import { createTrainedModelStore } from './trained-models';

/** Options of {@link createSqlStore}. */
export interface SqlStoreOptions {
  /** `sqlite:./data/switchyard.db` (relative to `cwd`), `sqlite::memory:`, or `postgres://user@host:5432/db`. */
  url: StoreUrl;
  /** PostgreSQL only: the schema to keep the tables in. Default: the connection's. */
  schema?: string;
  /** Clock; default `Date.now`. */
  now?: () => number;
  cwd?: string;
}

/**
 * Opens the SQL store at `url` (SQLite or PostgreSQL), running migrations
 * first. Money moves only inside transactions with conditional updates, so
 * concurrent reservations never overdraw a key and capture is idempotent.
 *
 * @example
 * const store = await createSqlStore({ url: 'sqlite:./data/switchyard.db' });
 * const { key } = await store.apiKeys.create({ name: 'frontend', credits: 5_000_000 });
 */
export async function createSqlStore(
  options: SqlStoreOptions,
): Promise<SwitchyardStore> {
  const { db, dialect, script } = openDatabase(options);
  const now = options.now ?? Date.now;
  if (dialect === 'postgres' && options.schema !== undefined) {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(
      db,
    );
  }
  try {
    await migrateToLatest(db as Kysely<unknown>, {
      dialect,
      schema: options.schema,
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const deps = { db, now, dialect, script };
  const generations = createGenerationStore(deps);
  return {
    apiKeys: createApiKeyStore(deps),
    ledger: createCreditLedger(deps),
    generations,
    jobs: createJobStore(deps),
    tokens: createTokenStore(deps),
    trainedModels: createTrainedModelStore(deps),
    artifacts: createArtifactStore(deps),
    close: async () => {
      // Records still queued for their group's commit are written first.
      await generations.settled();
      await db.destroy();
    },
  };
}
