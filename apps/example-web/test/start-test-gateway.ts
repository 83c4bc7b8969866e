import { fileURLToPath } from 'node:url';
import type { SwitchyardStore } from '@switchyard/core';
import {
  createLogger,
  createServer,
  parseConfig,
  type SwitchyardServer,
} from '@switchyard/server';
import { createSqlStore } from '@switchyard/store-sql';

/** A gateway running in this process, with an API key in its store. */
export interface TestGateway {
  server: SwitchyardServer;
  url: string;
  store: SwitchyardStore;
  /** An API key (and its id) with the credits asked for: what the example's backend holds. */
  apiKey: string;
  keyId: string;
  close(): Promise<void>;
}

/**
 * Starts a real gateway on 127.0.0.1 (a free port) with `yaml` as its config
 * and an in-memory SQLite store, and creates an API key with `credits`
 * micro-credits in that store (as `switchyard keys create` would).
 */
export async function startTestGateway(options: {
  yaml: string;
  credits: number;
  /** The clock tokens are minted and judged by; default `Date.now`. */
  now?: () => number;
}): Promise<TestGateway> {
  const store = await createSqlStore({ url: 'sqlite::memory:' });
  const config = parseConfig({
    text: options.yaml,
    file: fileURLToPath(new URL('switchyard.test.yaml', import.meta.url)),
    environment: {},
  });
  const server = await createServer({
    store,
    config,
    environment: {},
    logger: createLogger({ level: 'silent' }),
    port: 0,
    hostname: '127.0.0.1',
    now: options.now,
  });
  const { key, record } = await store.apiKeys.create({
    name: 'example-web backend',
    credits: options.credits,
  });
  return {
    server,
    url: server.url,
    store,
    apiKey: key,
    keyId: record.id,
    close: async () => {
      await server.close({ graceMs: 1_000 });
      await store.close();
    },
  };
}
