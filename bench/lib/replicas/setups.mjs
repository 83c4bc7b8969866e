// The two setups `pnpm bench:replicas` compares, each `apps/server/dist/main.js`
// on a config in a temp folder with 32 bench keys: `single` (one process, the
// embedded SQLite store, no Redis) and `replicas` (two processes on one
// PostgreSQL schema and one Redis key prefix of their own, reaching
// PostgreSQL through the counting proxy). Every handle, temp folder and
// clean-up goes to `context` as soon as it exists, so the caller undoes them
// all even when a later step fails.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  benchConfig,
  createKeys,
  mainScript,
  startGateway,
} from '../switchyard.mjs';
import {
  connectPostgres,
  deleteRedisKeys,
  dropSchema,
  POSTGRES,
  postgresUrl,
  REDIS_URL,
} from './databases.mjs';
import { startPgProxy } from './pg-proxy.mjs';

/** Bench keys per setup: loop i of the spread scenario uses key i mod KEY_COUNT. */
export const KEY_COUNT = 32;
/** Micro-credits a call holds and captures (the upstream model's `perRequest`). */
export const PRICE = 10;
/** BENCH_PG_PROXY=0 connects the replicas straight to PostgreSQL (no round trips counted). */
const useProxy = process.env.BENCH_PG_PROXY !== '0';

/** `benchConfig`'s upstream and `text` route, keyed calls only, priced. */
function setupConfig({ upstreamUrl, store, redis }) {
  const { providers, routes } = benchConfig(upstreamUrl);
  return {
    // Every call is keyed, so each one holds and captures PRICE.
    auth: { required: true },
    store,
    ...(redis === undefined ? {} : { redis }),
    providers: {
      upstream: {
        ...providers.upstream,
        prices: { 'gpt-4o-mini': { perRequest: PRICE } },
      },
    },
    routes: { text: routes.text },
  };
}

function writeConfig(context, config) {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-bench-replicas-'));
  context.folders.push(folder);
  const configPath = join(folder, 'switchyard.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { folder, configPath };
}

/** One process on the embedded SQLite store. */
export async function startSingle({ upstreamUrl, context }) {
  const store = { url: 'sqlite:./switchyard.db' };
  const { folder, configPath } = writeConfig(
    context,
    setupConfig({ upstreamUrl, store }),
  );
  // One at a time: two `keys create` at once on one SQLite file may fail
  // with "database is locked".
  const keys = await createKeys(configPath, KEY_COUNT, 1);
  const gateway = await startGateway({
    name: 'single (SQLite)',
    script: mainScript,
    configPath,
    pinning: context.pinning,
  });
  context.handles.push(gateway);
  return {
    key: 'single',
    name: 'single process, SQLite',
    gateways: [gateway],
    keys,
    database: { kind: 'sqlite', file: join(folder, 'switchyard.db') },
  };
}

/**
 * The counting proxy (unless BENCH_PG_PROXY=0) and a direct client for
 * pg_stat_database, each closed by a clean-up.
 */
async function openProbes(context) {
  const proxy = useProxy ? await startPgProxy(POSTGRES) : undefined;
  if (proxy !== undefined) context.cleanups.push(() => proxy.close());
  const stats = await connectPostgres();
  context.cleanups.push(() => stats.end());
  return { proxy, stats };
}

/**
 * Creates the first key, which runs the migrations, and tries once more if
 * that fails: Kysely's migrator lists the tables of every schema, and fails
 * when another client of the database drops a schema meanwhile (the tests of
 * another checkout, say).
 */
async function migrateWithFirstKey(configPath) {
  try {
    return await createKeys(configPath, 1);
  } catch (error) {
    console.error(`retrying once: ${error.message.split('\n')[0]}`);
    return createKeys(configPath, 1);
  }
}

/** Two processes on one PostgreSQL schema and Redis key prefix, made for this run. */
export async function startReplicas({ upstreamUrl, context }) {
  const unique = `${process.pid}_${Date.now()}`;
  const schema = `switchyard_bench_${unique}`;
  const keyPrefix = `bench_${unique}:`;
  // Registered first, so they run last: after the gateways and the proxy.
  context.cleanups.push(() => dropSchema(schema));
  context.cleanups.push(() => deleteRedisKeys(keyPrefix));
  const { proxy, stats } = await openProbes(context);
  const port = proxy?.port ?? POSTGRES.port;
  const store = { url: postgresUrl(port), schema };
  const redis = { url: REDIS_URL, keyPrefix };
  const { configPath } = writeConfig(
    context,
    setupConfig({ upstreamUrl, store, redis }),
  );
  // `keys create` runs the migrations, so the replicas start on a ready schema.
  const keys = [
    ...(await migrateWithFirstKey(configPath)),
    ...(await createKeys(configPath, KEY_COUNT - 1)),
  ];
  const gateways = [];
  for (const letter of ['A', 'B']) {
    const gateway = await startGateway({
      name: `replica ${letter} (PostgreSQL + Redis)`,
      script: mainScript,
      configPath,
      pinning: context.pinning,
    });
    context.handles.push(gateway);
    gateways.push(gateway);
  }
  return {
    key: 'replicas',
    name: 'two replicas, PostgreSQL + Redis',
    gateways,
    keys,
    database: { kind: 'postgres', schema },
    proxyCounts: proxy?.counts,
    statsClient: stats,
  };
}
