import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import type {
  ApiKeyLimits,
  SwitchyardStore,
  TextStreamEvent,
  TextStreamInput,
} from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import { parseConfig, type LoadedConfig } from '../config/load-config';
import type { Environment } from '../config/substitute-environment';
import { manualScheduler } from '../health/scheduler';
import { createLogger, type Logger } from '../logger';
import type { AppRouter } from '../router';
import {
  createServer,
  type CreateServerOptions,
  type SwitchyardServer,
} from '../server';

/** Folder of the server's test fixtures; `use: ./outside-provider` resolves here. */
export const FIXTURES_DIRECTORY = fileURLToPath(
  new URL('../../test/fixtures/', import.meta.url),
);

/**
 * Parses a YAML config as if it were the file `fixtures/<name>`, so relative
 * `use:` paths resolve against the fixtures folder. Nothing is written. A
 * config that says nothing about `auth` runs with auth off, so routing tests
 * need no keys; auth tests say `auth: { required: true }`.
 */
export function configFromYaml(
  text: string,
  options: { environment?: Environment; name?: string } = {},
): LoadedConfig {
  const loaded = parseConfig({
    text,
    file: join(FIXTURES_DIRECTORY, options.name ?? 'switchyard.test.yaml'),
    environment: options.environment ?? {},
  });
  return {
    ...loaded,
    config: { auth: { required: false }, ...loaded.config },
  };
}

/** A logger whose lines the test can read. */
export function createCapturingLogger(level = 'trace'): {
  logger: Logger;
  lines: string[];
} {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** A running server on 127.0.0.1 and a tRPC client for it. */
export interface TestServer {
  server: SwitchyardServer;
  /** The server's store: an in-memory SQLite database of its own. */
  store: SwitchyardStore;
  client: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

/**
 * Starts the real server on 127.0.0.1 (a free port) with the given config
 * (default: the embedded defaults) and a tRPC client over real HTTP.
 */
export async function startTestServer(
  options: {
    config?: LoadedConfig;
    logger?: Logger;
    store?: SwitchyardStore;
    jobLeaseMs?: number;
    sweepIntervalMs?: number;
    /** The clock tokens are minted and judged by. */
    now?: () => number;
    /** The routing engine's clock and randomness (`CreateServerOptions.routing`). */
    routing?: { now?: () => number; random?: () => number };
    /**
     * The health monitor's timers and clock. Default: a scheduler that never
     * fires, so no probe reaches a test's fake upstream unless the test
     * calls `server.gateway.healthMonitor.probeNow()`.
     */
    health?: CreateServerOptions['health'];
    /** The web console's folder (`CreateServerOptions.consoleDir`). */
    consoleDir?: CreateServerOptions['consoleDir'];
  } = {},
): Promise<TestServer> {
  const ownsStore = options.store === undefined;
  const opened =
    options.store ?? (await createSqlStore({ url: 'sqlite::memory:' }));
  // Kept outputs go to a temporary folder, never beside a test's config.
  const artifactsDir = await mkdtemp(join(tmpdir(), 'switchyard-test-'));
  const server = await createServer({
    store: opened,
    config: withArtifactsIn(options.config, artifactsDir),
    environment: {},
    logger: options.logger ?? createLogger({ level: 'silent' }),
    port: 0,
    hostname: '127.0.0.1',
    jobLeaseMs: options.jobLeaseMs,
    sweepIntervalMs: options.sweepIntervalMs,
    now: options.now,
    routing: options.routing,
    health: { scheduler: manualScheduler, ...options.health },
    consoleDir: options.consoleDir,
  });
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.url}/trpc` })],
  });
  return {
    server,
    // The server's view: balances count its leased slices' unused credits.
    store: server.store,
    client,
    close: async () => {
      await server.close({ graceMs: 1_000 });
      if (ownsStore) await opened.close();
      await rm(artifactsDir, { recursive: true, force: true });
    },
  };
}

/** A config whose artifact folder is `dir`, unless it names its own folder or bucket. */
function withArtifactsIn(
  loaded: LoadedConfig | undefined,
  dir: string,
): LoadedConfig | undefined {
  const artifacts = loaded?.config.artifacts;
  const named = artifacts?.s3 !== undefined || artifacts?.dir !== undefined;
  if (loaded === undefined || named) return loaded;
  return {
    ...loaded,
    config: { ...loaded.config, artifacts: { ...artifacts, dir } },
  };
}

/** A tRPC client for a server that sends `key` as its Bearer token. */
export function clientWithKey(
  serverUrl: string,
  key: string,
): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl}/trpc`,
        headers: { authorization: `Bearer ${key}` },
      }),
    ],
  });
}

/**
 * A tRPC client whose subscriptions go over server-sent events (the
 * `eventsource` package, as Node 20 has no EventSource), sending `key` as
 * the Bearer token of both subscriptions and other calls.
 */
export function subscriptionClient(
  serverUrl: string,
  key?: string,
): TRPCClient<AppRouter> {
  const headers: Record<string, string> =
    key === undefined ? {} : { authorization: `Bearer ${key}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${serverUrl}/trpc`,
          EventSource,
          eventSourceOptions: {
            fetch: (url, init) =>
              fetch(url, {
                ...init,
                headers: { ...init?.headers, ...headers },
              }),
          },
        }),
        false: httpLink({ url: `${serverUrl}/trpc`, headers }),
      }),
    ],
  });
}

/**
 * Streams one text call through `generateStream` (sending `key` when given)
 * and collects every event until the stream's last, `end` or `error`.
 */
export function collectStream(
  serverUrl: string,
  input: TextStreamInput,
  key?: string,
): Promise<TextStreamEvent[]> {
  const client = subscriptionClient(serverUrl, key);
  return new Promise((resolve, reject) => {
    const events: TextStreamEvent[] = [];
    const subscription = client.generateStream.subscribe(input, {
      onData({ data: event }) {
        events.push(event);
        if (event.type === 'end' || event.type === 'error') {
          subscription.unsubscribe();
          resolve(events);
        }
      },
      onError: reject,
    });
  });
}

/** Creates an API key with `credits` in the server's store, and a client that uses it. */
export async function createKeyedClient(
  harness: TestServer,
  options: { credits: number; limits?: ApiKeyLimits },
): Promise<{ id: string; key: string; client: TRPCClient<AppRouter> }> {
  const { key, record } = await harness.store.apiKeys.create({
    name: 'test',
    ...options,
  });
  return { id: record.id, key, client: clientWithKey(harness.server.url, key) };
}

/** Awaits a call that must fail and returns its tRPC client error. */
export async function clientError(
  call: Promise<unknown>,
): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return error as TRPCClientError<AppRouter>;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
