import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type {
  GenerateResult,
  ResultCache,
  SharedBreakerStates,
  SwitchyardStore,
} from '@switchyard/core';
import { Redis } from 'ioredis';
import { createBullMqDispatch } from './jobs/bullmq-dispatch';
import { createRedisJobChangeFeed } from './jobs/job-change-feed';
import { createJobRunner, DEFAULT_JOB_LEASE_MS } from './jobs/job-runner';
import { createKeyRateLimiter } from './limits/key-rate-limiter';
import {
  createRedisBreakerStates,
  createRedisHealth,
  createRedisResultCache,
  type SharedHealth,
} from './shared-state/redis-shared-state';
import type { Hono } from 'hono';
import { createApp, type AppEnvironment, type ServerState } from './app';
import { loadConfig, type LoadedConfig } from './config/load-config';
import type { Environment } from './config/substitute-environment';
import { createGateway, type Gateway } from './gateway/gateway';
import { shutdownError } from './gateway/stream-registry';
import { createLogger, withSecretRedaction, type Logger } from './logger';
import { DEFAULT_STORE_URL, openConfiguredStore } from './open-store';

/** Default port, as the public contract says (`PORT` overrides it in `main`). */
export const DEFAULT_PORT = 8787;

/** The embedded store: a SQLite file beside the config (or the working directory). */
export { DEFAULT_STORE_URL };

/** How often expired credit holds are looked for, by default. */
export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

/** Default interface to listen on. */
export const DEFAULT_HOSTNAME = '127.0.0.1';

/** How long shutdown waits for in-flight requests before closing their connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Past the grace period, how long open streams get to send their last event. */
const STREAM_FLUSH_MS = 2_000;

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
  /**
   * The store to use (the caller closes it). Default: the config's
   * `store.url`, else `sqlite:./data/switchyard.db`, opened and closed here.
   */
  store?: SwitchyardStore;
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
  const config =
    options.config ?? (await loadConfig({ environment: options.environment }));
  if (config.isDefault) logDefaultConfig({ logger: unredacted, config });
  else unredacted.info({ file: config.file }, 'config loaded');
  const shared = await connectSharedState({ config, logger: unredacted });
  const { redis } = shared;
  const gateway = await createGateway({
    config,
    logger: unredacted,
    redis,
    sharedBreakers: shared.breakers,
    sharedHealth: shared.health,
    resultCache: shared.resultCache,
  });
  // From here on, every log line is scrubbed of the configured credentials.
  const logger = withSecretRedaction(unredacted, (text) =>
    gateway.redact(text),
  );
  const store =
    options.store ?? (await openConfiguredStore({ config, logger }));
  const ownsStore = options.store === undefined;
  const authRequired = config.config.auth?.required ?? !config.isDefault;
  if (!authRequired) {
    logger.warn(
      'auth.required is false: calls without an API key are served and not charged. Use this for local development only.',
    );
  }
  const rateLimiter = createKeyRateLimiter({ redis });
  const state: ServerState = { shuttingDown: false };
  const jobLeaseMs = options.jobLeaseMs ?? DEFAULT_JOB_LEASE_MS;
  const redisSettings = config.config.redis;
  const jobs = createJobRunner({
    store,
    gateway,
    logger,
    leaseMs: jobLeaseMs,
    changes:
      redis === undefined || redisSettings === undefined
        ? undefined
        : await createRedisJobChangeFeed({
            redis,
            keyPrefix: redisSettings.keyPrefix ?? '',
            logger,
          }),
    webhooks: config.config.webhooks,
    dispatch:
      redisSettings === undefined
        ? undefined
        : (runStored) =>
            createBullMqDispatch({
              url: redisSettings.url,
              keyPrefix: redisSettings.keyPrefix ?? '',
              lockMs: jobLeaseMs,
              logger,
              runStored,
            }),
  });
  const app = createApp({
    gateway,
    logger,
    state,
    store,
    authRequired,
    rateLimiter,
    jobs,
    maxBodyBytes: config.config.http?.maxBodyBytes,
    maxBatchSize: config.config.http?.maxBatchSize,
  });
  // Jobs a stopped process left (queued, or polling a provider task) go on here.
  const resumeJobs = () =>
    jobs.resumeOrphans().catch((error: unknown) => {
      logger.error({ err: error }, 'resuming jobs failed');
      return 0;
    });
  void resumeJobs();
  // Frees credits held by calls that never finished (a crash, a killed
  // replica): their holds expire past the route's deadline.
  const sweeper = setInterval(() => {
    void resumeJobs();
    store.ledger.releaseExpired().then(
      (released) => {
        if (released > 0)
          logger.info({ released }, 'expired credit holds released');
      },
      (error: unknown) =>
        logger.error({ err: error }, 'releasing expired credit holds failed'),
    );
  }, options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  sweeper.unref();
  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: options.hostname ?? DEFAULT_HOSTNAME,
  }) as Server;
  const inFlight = trackResponses({ server, state });
  await listen({
    server,
    port: options.port ?? DEFAULT_PORT,
    hostname: options.hostname ?? DEFAULT_HOSTNAME,
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    app,
    gateway,
    config,
    close(closeOptions = {}) {
      closing ??= shutDown({
        server,
        state,
        inFlight,
        logger,
        endStreams: () => gateway.endStreams(shutdownError()),
        graceMs:
          closeOptions.graceMs ??
          options.shutdownGraceMs ??
          DEFAULT_SHUTDOWN_GRACE_MS,
      }).then(async () => {
        clearInterval(sweeper);
        await jobs.close();
        shared.close();
        return ownsStore ? store.close() : undefined;
      });
      return closing;
    },
  };
}

/**
 * With `redis.url` set: one Redis connection for limits, quotas, health and
 * the cache, and a second one subscribed to breaker changes. Without it,
 * that state stays in this process.
 */
async function connectSharedState(options: {
  config: LoadedConfig;
  logger: Logger;
}): Promise<{
  redis?: Redis;
  breakers?: SharedBreakerStates;
  health?: SharedHealth;
  resultCache?: ResultCache<GenerateResult>;
  close(): void;
}> {
  const settings = options.config.config.redis;
  if (settings === undefined) return { close: () => undefined };
  const keyPrefix = settings.keyPrefix ?? '';
  const redis = new Redis(settings.url, {
    maxRetriesPerRequest: 2,
    lazyConnect: true,
    keyPrefix,
  });
  await redis.connect();
  const breakers = await createRedisBreakerStates({
    redis,
    keyPrefix,
    logger: options.logger,
  });
  options.logger.info(
    { redis: settings.url.replace(/\/\/[^@/]*@/, '//…@') },
    'sharing breakers, limits, quotas, health and the cache through Redis',
  );
  return {
    redis,
    breakers,
    health: createRedisHealth({ redis, logger: options.logger }),
    resultCache: createRedisResultCache<GenerateResult>({ redis }),
    close() {
      breakers.close();
      redis.disconnect();
    },
  };
}

function listen(options: {
  server: Server;
  port: number;
  hostname: string;
}): Promise<void> {
  const { server, port, hostname } = options;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Keeps the set of responses not yet finished. Once shutdown has started,
 * responses ask the client to close the connection, and each finished one
 * closes idle connections so `server.close` can complete.
 */
function trackResponses(options: {
  server: Server;
  state: ServerState;
}): Set<ServerResponse> {
  const { server, state } = options;
  const inFlight = new Set<ServerResponse>();
  server.on(
    'request',
    (_request: IncomingMessage, response: ServerResponse) => {
      inFlight.add(response);
      if (state.shuttingDown) askToClose(response);
      response.once('close', () => {
        inFlight.delete(response);
        if (state.shuttingDown) server.closeIdleConnections();
      });
    },
  );
  return inFlight;
}

function askToClose(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('connection', 'close');
}

async function shutDown(options: {
  server: Server;
  state: ServerState;
  inFlight: Set<ServerResponse>;
  logger: Logger;
  /** Ends each open stream with an event saying so; resolves once sent. */
  endStreams: () => Promise<number>;
  graceMs: number;
}): Promise<void> {
  const { server, state, inFlight, logger, graceMs } = options;
  state.shuttingDown = true;
  logger.info(
    { inFlight: inFlight.size, graceMs },
    'shutting down: no new connections; waiting for in-flight requests',
  );
  for (const response of inFlight) askToClose(response);
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
  server.closeIdleConnections();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceOver = new Promise<'grace-over'>((resolve) => {
    timer = setTimeout(() => resolve('grace-over'), graceMs);
  });
  const outcome = await Promise.race([closed, graceOver]);
  clearTimeout(timer);
  if (outcome === 'grace-over') {
    logger.warn(
      { inFlight: inFlight.size },
      'grace period over: closing the remaining connections',
    );
    await endStreamsFirst({ closed, endStreams: options.endStreams, logger });
    server.closeAllConnections();
    await closed;
  }
  logger.info('server closed');
}

/**
 * Ends open streams with an `error` event before their connections close,
 * so a client is told (and does not reconnect to run the call again); waits
 * at most {@link STREAM_FLUSH_MS} for them and their responses to finish.
 */
async function endStreamsFirst(options: {
  closed: Promise<void>;
  endStreams: () => Promise<number>;
  logger: Logger;
}): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flushOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STREAM_FLUSH_MS);
  });
  const ended = options.endStreams().then((count) => {
    if (count > 0) options.logger.warn({ streams: count }, 'streams ended');
  });
  await Promise.race([ended.then(() => options.closed), flushOver]);
  clearTimeout(timer);
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
