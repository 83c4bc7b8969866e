import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

/**
 * Largest request body accepted by default: one `generate` with a
 * reference image at its largest (20 MB of base64) and room to spare.
 * Eight inline reference images at their largest need `http.maxBodyBytes`
 * raised (or the images passed by URL).
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Most procedures one batched (`?batch=1`) tRPC HTTP request may call. */
export const DEFAULT_MAX_BATCH_SIZE = 10;

/**
 * Refuses a body over `maxBytes` with 413: at once when its
 * `content-length` says so, else as soon as the bytes read pass the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new HTTPException(413, {
      message: `Request body too large: at most ${maxBytes} bytes (http.maxBodyBytes in the config).`,
    });
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBody(context, next) {
    const { method } = context.req;
    if (method === 'GET' || method === 'HEAD') return next();
    // Hono's limit asks for the body stream first, which builds a whole
    // Fetch Request on Node; a declared length needs only its header.
    const length = context.req.header('content-length');
    if (
      length !== undefined &&
      context.req.header('transfer-encoding') === undefined
    ) {
      return Number.parseInt(length, 10) > maxBytes ? tooLarge() : next();
    }
    return counted(context, next);
  };
}

/**
 * Refuses a batched tRPC request (`?batch=1`, procedures joined by commas in
 * the path) that calls more than `maxSize` procedures, with 400, before
 * anything is read or run: batching must not multiply per-call caps such as
 * `generateBatch`'s item limit.
 */
export function limitTrpcBatch(options: {
  endpoint: string;
  maxSize: number;
}): MiddlewareHandler {
  const { endpoint, maxSize } = options;
  return async (context, next) => {
    if (context.req.query('batch') !== '1') return next();
    const path = context.req.path.slice(endpoint.length).replace(/^\/+/, '');
    const calls = path === '' ? 0 : path.split(',').length;
    if (calls > maxSize) {
      throw new HTTPException(400, {
        message: `Too many calls in one batched request: ${calls}, at most ${maxSize} (http.maxBatchSize in the config). Send the calls in several requests.`,
      });
    }
    return next();
  };
}
