// The same gateway as `apps/server/dist/main.js` on the same config and
// SQLite store, except that calls are not recorded: the baseline against
// which `pnpm bench` prices recording a call. Started by bench/run.mjs.
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { createServer, createLogger } = await import(
  join(root, 'apps/server/dist/index.js')
);
const { createSqlStore } = await import(
  join(root, 'packages/store-sql/dist/index.js')
);

const configPath = process.env.SWITCHYARD_CONFIG;
const store = await createSqlStore({
  url: `sqlite:${join(configPath, '..', 'unrecorded.db')}`,
});
const unrecorded = {
  apiKeys: store.apiKeys,
  ledger: store.ledger,
  jobs: store.jobs,
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
  store: unrecorded,
  port: Number(process.env.PORT),
  logger: createLogger({ level: 'warn' }),
});
process.once('SIGTERM', () => {
  void server.close().then(() => store.close());
});
