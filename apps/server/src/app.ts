import { SwitchyardError, type SwitchyardStore } from '@switchyard/core';
import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono, type Context as HonoContext, type Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { serveArtifacts } from './artifacts/artifact-route';
import type { ConfiguredArtifacts } from './artifacts/configured-artifacts';
import type { CorsConfig } from './config/config-schema';
import { compatErrorResponse, mountCompat } from './compat/mount-compat';
import type { CompatConfig } from './compat/compat-config';
import {
  bearerTokenOf,
  requestContext,
  type Context,
  type ContextDeps,
} from './context';
import type { Gateway } from './gateway/gateway';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import {
  createKeyRateLimiter,
  type KeyRateLimiter,
} from './limits/key-rate-limiter';
import type { Logger } from './logger';
import { mountConsole } from './console/serve-console';
import { cors } from './middleware/cors';
import { lightRequest } from './middleware/light-request';
import { trpcFastCall } from './middleware/trpc-fast-call';
import { closeOnUnreadBody } from './middleware/close-unread-body';
import { requireJson } from './middleware/require-json';
import {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_BODY_BYTES,
  limitBody,
  limitTrpcBatch,
} from './middleware/request-limits';
import {
  requestLogger,
  type RequestLoggerVariables,
} from './middleware/request-logger';
import {
  serveMetrics,
  type MetricsEndpoint,
} from './observability/metrics-route';
import { serveDocsPage } from './openapi/docs-page';
import { REST_ENDPOINT } from './openapi/rest-endpoint';
import type { ServeRestOptions } from './openapi/rest-route';
import { appRouter } from './router';
import { createTokenService, type TokenService } from './tokens/token-service';

export { DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_BODY_BYTES };

/** The server's lifecycle, as `/readyz` reports it. */
export interface ServerState {
  /** Set when shutdown starts: `/readyz` answers 503 from then on. */
  shuttingDown: boolean;
  /**
   * Aborted, with the error they answer with, when shutdown's grace period
   * is over: calls still running stop and answer that typed error before
   * their connections close. Default: calls are only cut off.
   */
  stopCalls?: AbortController;
}

/** Options of {@link createApp}. */
export interface AppOptions {
  gateway: Gateway;
  /** Where API keys and credits live. */
  store: SwitchyardStore;
  /** Every call must carry a valid API key. */
  authRequired: boolean;
  /** Per-key rate limits; default: counted in this process's memory. */
  rateLimiter?: KeyRateLimiter;
  /** Async jobs; default: a runner on `store` in this process. */
  jobs?: JobRunner;
  /** Minted tokens; default: signed with a secret kept in `store`. */
  tokens?: TokenService;
  logger: Logger;
  /** Shared with the HTTP server so shutdown can flip readiness; default: ready. */
  state?: ServerState;
  /** Largest request body in bytes; default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Most procedures in one batched tRPC request; default {@link DEFAULT_MAX_BATCH_SIZE}. */
  maxBatchSize?: number;
  /** Which browser origins may call (`cors` in the config); default none, no CORS headers. */
  cors?: CorsConfig;
  /** Kept outputs, served at `GET /artifacts/:id`; default none (the route 404s). */
  artifacts?: Pick<ConfiguredArtifacts, 'backend' | 'now'>;
  /** Prometheus metrics, served at `GET /metrics`; default none (the route 404s). */
  metrics?: MetricsEndpoint;
  /** The built web console's folder, served at `/`; default none (`/` 404s). */
  consoleDir?: string;
  /** The `/v1` routes' settings (`compat` in the config): bare model names they map. */
  compat?: CompatConfig;
}

/** The Hono environment of the app. */
export interface AppEnvironment {
  Variables: RequestLoggerVariables;
}

/**
 * Creates the Hono app: tRPC at `/trpc` and its queries and mutations as
 * REST at `/api`, the OpenAPI document at `/openapi.json` and its reference
 * page at `/docs`, the OpenAI- and Anthropic-compatible routes at `/v1`
 * (`compat/mount-compat.ts`), `/healthz` (the process is alive),
 * `/readyz` (config loaded and providers built; 503 while shutting down, and
 * `{ status: 'critical' }` with 503 while some route type has no target up),
 * with `metrics` the Prometheus text at `/metrics`, with `artifacts`
 * kept outputs at `/artifacts/:id` and, with `consoleDir`, the web console
 * at `/` and its pages.
 *
 * @example
 * const app = createApp({ gateway, logger, store, authRequired: true });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(options: AppOptions): Hono<AppEnvironment> {
  const { gateway, logger } = options;
  const state = options.state ?? { shuttingDown: false };
  const app = new Hono<AppEnvironment>();

  // Around every answer, however it is made (refusals included).
  app.use('*', closeOnUnreadBody());
  // First: a preflight is answered before limits, auth or tRPC see it.
  app.use('*', cors(options.cors));
  app.use('*', requestLogger({ logger }));
  app.get('/healthz', (context) => context.json({ status: 'ok' }));
  app.get('/readyz', (context) => {
    if (state.shuttingDown) {
      throw new HTTPException(503, { message: 'shutting down' });
    }
    const health = gateway.healthMonitor.systemState();
    if (health === 'critical') {
      return context.json(
        {
          status: 'critical',
          error:
            'Some route type has no provider target up; see providers.health for which.',
        },
        503,
      );
    }
    return context.json({ status: 'ready', health });
  });
  // Scrapes carry no body and their own token: before body limits and auth.
  if (options.metrics !== undefined) {
    app.get('/metrics', serveMetrics(options.metrics));
  }
  // The API's description and its reference page: public, no body.
  // The OpenAPI modules (trpc-to-openapi, zod-openapi) load on the first
  // request that needs them: a gateway that never serves them never pays
  // their memory.
  app.get('/openapi.json', async (context) => {
    const { openApiDocument } = await import('./openapi/openapi-document');
    return context.json(openApiDocument(new URL(context.req.url).origin));
  });
  serveDocsPage(app);
  app.use('/trpc/*', requireJson());
  app.use(`${REST_ENDPOINT}/*`, requireJson());
  app.use('*', limitBody(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  const tokens =
    options.tokens ??
    createTokenService({ store: options.store, now: Date.now });
  const contexts = contextDepsOf({ ...options, state, tokens });
  mountTrpc(app, { ...options, contexts });
  mountCompat(app, { contexts, logger, compat: options.compat });
  if (options.artifacts !== undefined) {
    app.get(
      '/artifacts/:id',
      serveArtifacts({ ...options, ...options.artifacts, tokens }),
    );
  }
  if (options.consoleDir !== undefined) {
    mountConsole(app, options.consoleDir);
  }
  app.onError((error, context) => {
    const compatAnswer = compatErrorResponse({ context, error, gateway });
    if (compatAnswer !== undefined) return compatAnswer;
    if (error instanceof HTTPException) {
      return context.json({ error: error.message }, error.status);
    }
    logger.error({ err: redactedError(gateway, error) }, 'unhandled error');
    return context.json({ error: 'Internal server error.' }, 500);
  });
  app.notFound((context) => context.json({ error: 'Not found.' }, 404));
  return app;
}

/**
 * What every request's context shares (tRPC, REST and `/v1`), with the
 * defaults of the options filled in.
 */
function contextDepsOf(
  options: AppOptions & { state: ServerState; tokens: TokenService },
): ContextDeps {
  const { gateway, logger, store, tokens } = options;
  return {
    gateway,
    store,
    tokens,
    rateLimiter: options.rateLimiter ?? createKeyRateLimiter({}),
    jobs: options.jobs ?? createJobRunner({ store, gateway, logger }),
    authRequired: options.authRequired,
    callsStopped: options.state.stopCalls?.signal,
    logger,
  };
}

/**
 * Serves the tRPC router at `/trpc` (batches limited) and its queries and
 * mutations as REST at `/api`, each call's context built alike from the
 * request.
 */
function mountTrpc(
  app: Hono<AppEnvironment>,
  options: AppOptions & { contexts: ContextDeps },
): void {
  const { contexts } = options;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const createContext = (context: HonoContext<AppEnvironment>) =>
    requestContext(contexts, {
      bearerToken: bearerTokenOf(context.req.header('authorization')),
      requestId: context.get('requestId'),
    });
  const onError = logTrpcError(options);
  app.use(
    '/trpc/*',
    limitTrpcBatch({ endpoint: '/trpc', maxSize: maxBatchSize }),
  );
  app.use('/trpc/*', async (context: HonoContext<AppEnvironment>) => {
    const req = lightRequest(context);
    const common = {
      router: appRouter,
      endpoint: '/trpc',
      createContext: () => createContext(context),
      onError,
    };
    const fast = await trpcFastCall(req, {
      ...common,
      pathname: context.req.path,
    });
    return fast ?? fetchRequestHandler({ ...common, req, maxBatchSize });
  });
  app.all(`${REST_ENDPOINT}/*`, lazyRest({ createContext, onError }));
}

/** The REST routes' handler, its modules loaded on the first REST call. */
function lazyRest(options: ServeRestOptions): Handler<AppEnvironment> {
  let handler: Promise<Handler<AppEnvironment>> | undefined;
  return async (context, next): Promise<Response> => {
    handler ??= import('./openapi/rest-route').then(({ serveRest }) =>
      serveRest(options),
    );
    const serve = await handler;
    return (await serve(context, next)) as Response;
  };
}

/** Logs a failed call: expected outcomes at debug, anything else with its (redacted) stack. */
function logTrpcError(options: {
  gateway: Gateway;
  logger: Logger;
}): (failure: { error: TRPCError; path?: string; ctx?: unknown }) => void {
  const { gateway, logger } = options;
  return ({ error, path, ctx }) => {
    const fields = {
      requestId: (ctx as Context | undefined)?.requestId,
      path,
      code: error.code,
    };
    // Switchyard errors are expected outcomes the gateway has logged
    // (redacted); anything else is a bug worth its stack.
    if (
      error.code !== 'INTERNAL_SERVER_ERROR' ||
      SwitchyardError.isInstance(error.cause)
    ) {
      logger.debug(fields, 'tRPC error');
      return;
    }
    const cause = error.cause ?? error;
    logger.error(
      { ...fields, err: redactedError(gateway, cause) },
      'tRPC error',
    );
  };
}

/** An error as a log line shows it, its message and stack scrubbed of credentials. */
function redactedError(
  gateway: Gateway,
  error: Error,
): { type: string; message: string; stack: string } {
  return {
    type: error.name,
    message: gateway.redact(error.message),
    stack: gateway.redact(error.stack ?? ''),
  };
}
