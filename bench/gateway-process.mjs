// The not-recorded twin of the gateway: `apps/server/dist/index.js`'s
// createServer on the bench's config, started by bench/lib/switchyard.mjs
// beside `main.js`. With BENCH_RECORD=0 the store records no call (the
// baseline that prices recording one) and lives in its own file; with
// BENCH_RECORD=1 it shares `main.js`'s store file and records as usual.
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';

// The heap growth `switchyard start` sets (apps/server/src/cli/tune-heap.ts),
// so the twin differs from `main.js` in recording only.
const growing = process.env.SWITCHYARD_HEAP_GROWING_PERCENT ?? '100';
if (growing !== '0') setFlagsFromString(`--heap-growing-percent=${growing}`);

const root = resolve(import.meta.dirname, '..');
const { createServer, createLogger } = await import(
  join(root, 'apps/server/dist/index.js')
);
const { createSqlStore } = await import(
  join(root, 'packages/store-sql/dist/index.js')
);

const configPath = process.env.SWITCHYARD_CONFIG;
const record = process.env.BENCH_RECORD === '1';
const store = await createSqlStore({
  url: `sqlite:${join(configPath, '..', record ? 'switchyard.db' : 'unrecorded.db')}`,
});
const unrecorded = {
  apiKeys: store.apiKeys,
  ledger: store.ledger,
  jobs: store.jobs,
  tokens: store.tokens,
  artifacts: store.artifacts,
  trainedModels: store.trainedModels,
  generations: {
    begin: () => Promise.resolve({ created: true }),
    finish: () => Promise.resolve(),
    record: () => Promise.resolve(),
    get: () => Promise.resolve(undefined),
    list: () => Promise.resolve([]),
  },
  close: () => store.close(),
};
const server = await createServer({
  store: record ? store : unrecorded,
  port: Number(process.env.PORT),
  logger: createLogger({ level: 'warn' }),
});
process.once('SIGTERM', () => {
  void server.close().then(() => store.close());
});
