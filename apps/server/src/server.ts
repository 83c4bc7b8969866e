import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createCallsStop } from './call-stop';
import type { SwitchyardStore } from '@switchyard/core';
import { DEFAULT_JOB_LEASE_MS } from './jobs/job-runner';
import { createKeyRateLimiter } from './limits/key-rate-limiter';
import type { Hono } from 'hono';
import { createApp, type AppEnvironment, type ServerState } from './app';
import { createTokenService, type TokenService } from './tokens/token-service';
import { connectSharedState } from './connect-shared-state';
import { consoleDirOf, DEFAULT_CONSOLE_DIR } from './console-dir';
import { loadConfig, type LoadedConfig } from './config/load-config';
import type { Environment } from './config/substitute-environment';
import type { Gateway, GatewayHealthOptions } from './gateway/gateway';
import { shutdownError } from './gateway/stream-registry';
import { createLogger, type Logger } from './logger';
import type { GatewayMetrics } from './observability/gateway-metrics';
import {
  DEFAULT_STORE_URL,
  withLeasedCredits,
  openConfiguredStore,
} from './open-store';
import { createServerJobRunner } from './server-jobs';
import { shutDown, trackResponses } from './server-shutdown';
import {
  appSettingsOf,
  createServerGateway,
  startHealthMonitor,
} from './server-gateway';
import { startSweeper } from './server-sweeper';

/** Default port, as the public contract says (`PORT` overrides it in `main`). */
export const DEFAULT_PORT = 8787;

/** Where the package's build puts the web console (`dist/console`). */
export { DEFAULT_CONSOLE_DIR };

/** The embedded store: a SQLite file beside the config (or the working directory). */
export { DEFAULT_STORE_URL };

/** How often expired credit holds are looked for, by default. */
export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

/** Default interface to listen on. */
export const DEFAULT_HOSTNAME = '127.0.0.1';

/** How long shutdown waits for in-flight requests before closing their connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Options of {@link createServer}. */
export interface CreateServerOptions {
  /** A loaded config; default: {@link loadConfig} with `environment`. */
  config?: LoadedConfig;
  /** Variables for `SWITCHYARD_CONFIG` and `${NAME}` references; default `process.env`. */
  environment?: Environment;
  /** Default: {@link createLogger} (level from `LOG_LEVEL`). */
  logger?: Logger;
  /** Port to listen on; `0` picks a free one. Default 8787. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  hostname?: string;
  /** Default grace period of {@link SwitchyardServer.close}. Default 10000 ms. */
  shutdownGraceMs?: number;
  /** How often expired credit holds are freed and orphaned jobs resumed. Default 30000 ms. */
  sweepIntervalMs?: number;
  /** How long a job's lease lasts unrenewed (a dead process's jobs resume after it). Default 15000 ms. */
  jobLeaseMs?: number;
  /** The clock tokens are minted and judged by, kept outputs (`artifacts`) expire by and `/metrics` caches job counts by. Default `Date.now`. */
  now?: () => number;
  /**
   * The routing engine's clock (latencies the `fastest` strategy measures,
   * deadlines) and randomness (backoff jitter, `weighted` draws), for tests.
   * Default `Date.now` and `Math.random`.
   */
  routing?: { now?: () => number; random?: () => number };
  /**
   * The health monitor's timers, clock and alert host resolver (tests drive
   * it with a scheduler that never fires and `probeNow()`). Default: real
   * timers, `Date.now`, the system's resolver.
   */
  health?: Omit<GatewayHealthOptions, 'store'>;
  /**
   * The store to use (the caller closes it). Default: the config's
   * `store.url`, else `sqlite:./data/switchyard.db`, opened and closed here.
   */
  store?: SwitchyardStore;
  /**
   * The built web console served at `/` (vite's output folder), or `false`
   * for none. Default {@link DEFAULT_CONSOLE_DIR}; the config's
   * `console.enabled: false` turns it off whatever this says.
   */
  consoleDir?: string | false;
}

/** A running gateway server. */
export interface SwitchyardServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  app: Hono<AppEnvironment>;
  gateway: Gateway;
  config: LoadedConfig;
  /**
   * The gateway's Prometheus metrics (served at `/metrics`); undefined when
   * the config's `metrics.enabled` is false. `metrics.observeHealth(...)`
   * shows a health monitor's states.
   */
  metrics: GatewayMetrics | undefined;
  /**
   * The store as the server uses it: its ledger leases keys' credits in
   * slices (`credits.lease`), and its balances count a slice's unused part
   * as available, so they are exact for this process at any time (the
   * store's own rows are exact once the slices go back).
   */
  store: SwitchyardStore;
  /**
   * Shuts down gracefully: `/readyz` turns 503, the server stops accepting
   * connections, in-flight requests may finish within `graceMs`, then the
   * remaining connections are closed (which aborts their upstream calls).
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Loads the config, builds the gateway and starts an HTTP server for it.
 * Throws a ConfigError (naming the file and field) when the config is bad.
 *
 * @example
 * const server = await createServer({ port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function createServer(
  options: CreateServerOptions = {},
): Promise<SwitchyardServer> {
  const unredacted = options.logger ?? createLogger();
  const config = await loadServerConfig(options, unredacted);
  const shared = await connectSharedState({ config, logger: unredacted });
  const { gateway, artifacts, logger, metrics, endpoint } =
    await createServerGateway({
      ...options,
      config,
      logger: unredacted,
      shared,
    });
  const opened =
    options.store ?? (await openConfiguredStore({ config, logger }));
  const { store, ledger } = withLeasedCredits(opened, config.config.credits);
  metrics?.watchJobs(store.jobs);
  const ownsStore = options.store === undefined;
  const authRequired = authRequiredBy(config, logger);
  const rateLimiter = createKeyRateLimiter({ redis: shared.redis });
  const state: ServerState = {
    shuttingDown: false,
    stopCalls: createCallsStop(),
  };
  const jobs = await createServerJobRunner({
    config,
    store,
    gateway,
    logger,
    redis: shared.redis,
    leaseMs: options.jobLeaseMs ?? DEFAULT_JOB_LEASE_MS,
  });
  const tokens = createServerTokens({ ...options, config, store, logger });
  const app = createApp({
    tokens,
    gateway,
    logger,
    state,
    store,
    authRequired,
    rateLimiter,
    jobs,
    ...appSettingsOf(config),
    artifacts,
    metrics: endpoint,
    consoleDir: consoleDirOf(options, config),
  });
  const stopSweeper = startSweeper({
    jobs,
    store,
    logger,
    intervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    artifacts,
  });
  const http = await serve({
    app,
    state,
    port: options.port ?? DEFAULT_PORT,
    hostname: options.hostname ?? DEFAULT_HOSTNAME,
  });
  await startHealthMonitor(gateway, logger);
  const close = closeOnce({
    ...http,
    state,
    logger,
    gateway,
    graceMs: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    release: async () => {
      stopSweeper();
      tokens.close();
      await jobs.close();
      shared.close();
      artifacts?.backend.close();
      await ledger.close(); // unused slices go back before the store closes
      if (ownsStore) await opened.close();
    },
  });
  const { url, port } = http;
  return { url, port, app, gateway, config, metrics, store, close };
}

/** Starts the HTTP server for `app`, tracking its responses for shutdown. */
async function serve(options: {
  app: Hono<AppEnvironment>;
  state: ServerState;
  port: number;
  hostname: string;
}): Promise<{
  server: Server;
  inFlight: Set<ServerResponse>;
  url: string;
  port: number;
}> {
  const { state, hostname } = options;
  const server = createAdaptorServer({
    fetch: options.app.fetch,
    hostname,
  }) as Server;
  const inFlight = trackResponses({ server, state });
  const bound = await listen({ server, port: options.port, hostname });
  return { server, inFlight, ...bound };
}

/**
 * The server's `close`: the first call shuts down (within its `graceMs`,
 * else the server's) and then releases what the server holds; later calls
 * return the same promise.
 */
function closeOnce(options: {
  server: Server;
  inFlight: Set<ServerResponse>;
  state: ServerState;
  logger: Logger;
  gateway: Gateway;
  graceMs: number;
  release: () => Promise<void>;
}): SwitchyardServer['close'] {
  const { server, state, inFlight, logger, gateway } = options;
  let closing: Promise<void> | undefined;
  return (closeOptions = {}) => {
    closing ??= shutDown({
      server,
      state,
      inFlight,
      logger,
      endStreams: () => gateway.endStreams(shutdownError()),
      stopHealth: () => gateway.healthMonitor.stop(),
      graceMs: closeOptions.graceMs ?? options.graceMs,
    }).then(options.release);
    return closing;
  };
}

/** The given config, else the one `SWITCHYARD_CONFIG` names (or the default), logged. */
async function loadServerConfig(
  options: CreateServerOptions,
  logger: Logger,
): Promise<LoadedConfig> {
  const config =
    options.config ?? (await loadConfig({ environment: options.environment }));
  if (config.isDefault) logDefaultConfig({ logger, config });
  else logger.info({ file: config.file }, 'config loaded');
  return config;
}

/** Whether calls need an API key: the config says, else yes unless the config is the default. */
function authRequiredBy(config: LoadedConfig, logger: Logger): boolean {
  const authRequired = config.config.auth?.required ?? !config.isDefault;
  if (!authRequired) {
    logger.warn(
      'auth.required is false: calls without an API key are served and not charged. Use this for local development only.',
    );
  }
  return authRequired;
}

/** Listens on `port` (0: a free one); resolves to the URL and port actually bound. */
function listen(options: {
  server: Server;
  port: number;
  hostname: string;
}): Promise<{ url: string; port: number }> {
  const { server, port, hostname } = options;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host =
        address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ url: `http://${host}:${address.port}`, port: address.port });
    });
  });
}

function logDefaultConfig(options: {
  logger: Logger;
  config: LoadedConfig;
}): void {
  const keyed = options.config.keyedProviders ?? [];
  if (keyed.length === 0) {
    options.logger.info(
      'SWITCHYARD_CONFIG is not set: serving the offline local providers (local:procedural for images, local:echo for text). Set a provider key (OPENAI_API_KEY, …) or SWITCHYARD_CONFIG to a JSON or YAML config file to use real providers.',
    );
    return;
  }
  options.logger.info(
    { routes: options.config.config.routes },
    `SWITCHYARD_CONFIG is not set: serving ${keyed.join(', ')} (found their key variables), with the offline local providers as the last fallback. Set SWITCHYARD_CONFIG to choose routes yourself.`,
  );
}

/** The token service of the config's `tokens` settings. */
function createServerTokens(options: {
  config: LoadedConfig;
  store: SwitchyardStore;
  logger: Logger;
  now?: () => number;
}): TokenService {
  const settings = options.config.config.tokens;
  return createTokenService({
    store: options.store,
    now: options.now ?? Date.now,
    secret:
      settings?.secret === undefined
        ? undefined
        : new TextEncoder().encode(settings.secret),
    revocationRefreshMs: settings?.revocationRefreshMs,
    onRefreshError: (error) =>
      options.logger.warn({ err: error }, 'could not read token revocations'),
  });
}
