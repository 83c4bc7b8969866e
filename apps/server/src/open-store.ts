import {
  createLeasedLedger,
  type LeasedLedger,
  type SwitchyardStore,
  unleasedLedger,
} from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import type { CreditsConfig } from './config/config-schema';
import type { LoadedConfig } from './config/load-config';
import type { Logger } from './logger';

/** The store a config without `store.url` uses: an embedded SQLite file. */
export const DEFAULT_STORE_URL = 'sqlite:./data/switchyard.db';

/**
 * Opens the store the config names (`store.url` and, for PostgreSQL,
 * `store.schema`), default the embedded SQLite file, running its migrations.
 * The server and the `keys` CLI both open their store here, so they always
 * read and write the same tables.
 */
export async function openConfiguredStore(options: {
  config: LoadedConfig;
  logger?: Logger;
}): Promise<SwitchyardStore> {
  const { logger } = options;
  const url = options.config.config.store?.url ?? DEFAULT_STORE_URL;
  const schema = options.config.config.store?.schema;
  const store = await createSqlStore({
    url,
    cwd: options.config.directory,
    schema,
  });
  logger?.info(
    { store: url.replace(/\/\/[^@/]*@/, '//…@'), schema },
    'store opened',
  );
  if (options.config.config.redis !== undefined && url.startsWith('sqlite:')) {
    // Through Redis, any replica's worker may take a job another accepted;
    // it can run it only if it reads the same store.
    logger?.warn(
      { store: url },
      url.includes(':memory:')
        ? 'jobs go through Redis to any replica, but this store is in memory: a job another replica takes waits until this one takes it back. Use PostgreSQL (store.url) when replicas share Redis.'
        : 'jobs go through Redis to any replica, but the store is a SQLite file: every replica must open this same file (one machine). Use PostgreSQL (store.url) for replicas on several machines.',
    );
  }
  return store;
}

/**
 * The store as the server uses it: its ledger leases keys' credits in
 * slices unless the config's `credits.lease` is false (see core's
 * `createLeasedLedger`); `ledger.close()` hands the slices back.
 */
export function withLeasedCredits(
  store: SwitchyardStore,
  credits: CreditsConfig | undefined,
): { store: SwitchyardStore; ledger: LeasedLedger } {
  const lease = credits?.lease ?? {};
  const ledger: LeasedLedger =
    lease === false
      ? unleasedLedger(store.ledger)
      : createLeasedLedger(store.ledger, {
          sliceCalls: lease.calls,
          idleMs: lease.idleMs,
        });
  return { store: { ...store, ledger }, ledger };
}
