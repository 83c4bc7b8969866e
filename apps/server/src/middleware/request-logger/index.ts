import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger';

/** The header that carries the request id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming request id is kept only when it looks like one. */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Hono variables the request logger sets. */
export interface RequestLoggerVariables {
  requestId: string;
}

/** Options of {@link requestLogger}. */
export interface RequestLoggerOptions {
  logger: Logger;
  /** Makes a request id when the request brings none; default `randomUUID`. */
  createRequestId?: () => string;
}

/**
 * Gives each request an id (the caller's `x-request-id` when it is sane,
 * else a new one), returns it in `x-request-id`, and logs one line per
 * request: method, path, status and duration. Never logs headers or bodies.
 *
 * @example
 * app.use(requestLogger({ logger }));
 */
export function requestLogger(
  options: RequestLoggerOptions,
): MiddlewareHandler<{ Variables: RequestLoggerVariables }> {
  const { logger } = options;
  const createRequestId = options.createRequestId ?? randomUUID;
  return async function requestLogger(context, next) {
    const incoming = context.req.header(REQUEST_ID_HEADER);
    const requestId =
      incoming !== undefined && ACCEPTED_REQUEST_ID.test(incoming)
        ? incoming
        : createRequestId();
    context.set('requestId', requestId);
    // On Node the header goes on the socket's response before anything
    // answers: Node merges it into whatever the handler writes. Setting it on
    // a finished Hono response instead makes Hono copy the whole Response
    // (its body as a web stream), a tenth of a fast call's CPU.
    const { outgoing } = (context.env ?? {}) as { outgoing?: ServerResponse };
    outgoing?.setHeader(REQUEST_ID_HEADER, requestId);
    const startedAt = performance.now();
    try {
      await next();
    } finally {
      if (outgoing === undefined) {
        context.header(REQUEST_ID_HEADER, requestId);
      }
      logger.info(
        {
          requestId,
          method: context.req.method,
          path: context.req.path,
          status: context.res.status,
          durationMs: Math.round(performance.now() - startedAt),
        },
        'request',
      );
    }
  };
}
