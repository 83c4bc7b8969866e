import type { Context, MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { CorsConfig } from '../config/config-schema';
import { corsOriginMatcher } from '../config/cors-origins';

/** How long a browser may cache a preflight's answer, by default (`cors.maxAgeSeconds`). */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 600;

/** The methods pages may use: tRPC queries and subscriptions (GET), mutations (POST). */
export const CORS_ALLOW_METHODS = ['GET', 'POST', 'OPTIONS'];

/**
 * The request headers pages may send: the SDK's (`authorization`, tRPC's
 * own, `last-event-id` when an SSE stream reconnects) and the ones the
 * server reads. The SDK sends no `x-switchyard-*` request header today (the
 * `x-switchyard-signature`/`-timestamp` pair is on outgoing webhooks).
 */
export const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'trpc-accept',
  'trpc-batch-mode',
  'last-event-id',
  'idempotency-key',
  // The `/v1` routes, called from a page with the official SDKs: the
  // Anthropic SDK's key, version and browser opt-in, and the headers both
  // SDKs describe themselves with.
  'x-api-key',
  'anthropic-version',
  'anthropic-dangerous-direct-browser-access',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
  'x-request-id',
  // `GET /artifacts/:id` seeks and revalidates a kept output.
  'range',
  'if-range',
  'if-none-match',
];

/**
 * The response headers pages may read: the `/v1` routes' `x-switchyard-*`
 * (who served the call, whether it fell back, how many provider calls, what
 * it cost) among them.
 */
export const CORS_EXPOSE_HEADERS = [
  'x-request-id',
  'retry-after',
  'retry-after-ms',
  'x-switchyard-provider',
  'x-switchyard-fallback',
  'x-switchyard-attempts',
  'x-switchyard-cost',
  // What a page needs to seek in a kept output (`GET /artifacts/:id`).
  'content-range',
  'accept-ranges',
  'content-length',
  'etag',
];

/**
 * Answers CORS for the configured origins (`cors` in the config) on every
 * route: a preflight (OPTIONS) from an allowed origin gets 204 with the
 * allowed methods and headers before anything else runs; other requests from
 * it get `Access-Control-Allow-Origin` (their own origin) on whatever
 * response they end with, errors included. Other origins get no CORS headers
 * (their preflight 204 allows nothing). Every response says
 * `Vary: Origin`. Without `cors`, or with no origins, it does nothing.
 *
 * @example
 * app.use('*', cors({ origins: ['https://app.example.com'] }));
 */
export function cors(config: CorsConfig | undefined): MiddlewareHandler {
  const allows = corsOriginMatcher(config?.origins ?? []);
  if (allows === undefined) {
    return async function cors(_context, next) {
      await next();
    };
  }
  const answerAllowed = honoCors({
    origin: (origin) => (allows(origin) ? origin : null),
    allowMethods: CORS_ALLOW_METHODS,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: config?.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS,
    credentials: config?.credentials === true,
  });
  return async function cors(context, next) {
    const origin = context.req.header('origin');
    if (origin !== undefined && allows(origin)) {
      return answerAllowed(context, next);
    }
    if (isPreflight(context)) {
      context.header('Vary', 'Origin');
      return context.body(null, 204);
    }
    await next();
    context.header('Vary', 'Origin', { append: true });
  };
}

/** A browser's preflight: OPTIONS with `Origin` and `Access-Control-Request-Method`. */
function isPreflight(context: Context): boolean {
  return (
    context.req.method === 'OPTIONS' &&
    context.req.header('origin') !== undefined &&
    context.req.header('access-control-request-method') !== undefined
  );
}
