// The not-recorded twin of the gateway: `apps/server/dist/index.js`'s
// createServer on the bench's config, started by bench/lib/switchyard.mjs
// beside `main.js`. With BENCH_RECORD=0 the store records no call (the
// baseline that prices recording one); with BENCH_RECORD=1 it records as
// usual. Each twin has a store file of its own: a file shared with another
// live gateway costs each process a reload of its page cache after the
// other's commits (main.js sharing with the recorded twin once showed
// recording at 29% at c=1, and 13% with files of their own).
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { createServer, createLogger, tuneHeap } = await import(
  join(root, 'apps/server/dist/index.js')
);
// The heap growth `switchyard start` sets, so the twin differs from
// `main.js` in recording only.
tuneHeap(process.env);
const { createSqlStore } = await import(
  join(root, 'packages/store-sql/dist/index.js')
);

const configPath = process.env.SWITCHYARD_CONFIG;
const record = process.env.BENCH_RECORD === '1';
const store = await createSqlStore({
  url: `sqlite:${join(configPath, '..', record ? 'recorded.db' : 'unrecorded.db')}`,
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
