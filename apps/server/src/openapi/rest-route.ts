import type { TRPCError } from '@trpc/server';
import type { Handler, Context as HonoContext } from 'hono';
import { createOpenApiFetchHandler } from 'trpc-to-openapi';
import type { AppEnvironment } from '../app';
import type { Context } from '../context';
import { appRouter } from '../router';
import { REST_ENDPOINT } from './rest-endpoint';

/** Options of {@link serveRest}. */
export interface ServeRestOptions {
  /** The same context `/trpc` builds: auth, limits, the request id. */
  createContext: (context: HonoContext<AppEnvironment>) => Context;
  /** Called with each failed call, as on `/trpc`. */
  onError: (failure: {
    error: TRPCError;
    path?: string;
    ctx?: unknown;
  }) => void;
}

/**
 * Serves every query and mutation with a REST route (`meta.openapi`) under
 * `/api`, through trpc-to-openapi's fetch handler: a GET's query parameters
 * or a POST's JSON body are the input, the output is the JSON body, and an
 * error is `{ message, code, data }` with its HTTP status.
 *
 * @example
 * app.all('/api/*', serveRest({ createContext, onError }));
 */
export function serveRest(options: ServeRestOptions): Handler<AppEnvironment> {
  return function serveRest(context) {
    return createOpenApiFetchHandler({
      endpoint: REST_ENDPOINT,
      router: appRouter,
      req: context.req.raw,
      createContext: () => options.createContext(context),
      onError: options.onError,
    });
  };
}
