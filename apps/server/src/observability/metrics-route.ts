import { createHash, timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bearerTokenOf } from '../context';

/** What `GET /metrics` serves: a scrape, and the token it may require. */
export interface MetricsEndpoint {
  /** The metrics in Prometheus text format. */
  scrape(): Promise<string>;
  /** The content type of the scrape's text. */
  contentType: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The handler of `GET /metrics`: the gateway's metrics in Prometheus text
 * format, behind the configured bearer token when there is one (401
 * without it or with another).
 *
 * @example
 * app.get('/metrics', serveMetrics({ scrape, contentType, token }));
 */
export function serveMetrics(endpoint: MetricsEndpoint): Handler {
  const expected =
    endpoint.token === undefined ? undefined : digestOf(endpoint.token);
  return async function serveMetrics(context) {
    if (expected !== undefined) {
      const sent = bearerTokenOf(context.req.header('authorization'));
      if (sent === undefined || !timingSafeEqual(digestOf(sent), expected)) {
        throw new HTTPException(401, {
          message:
            'GET /metrics needs the metrics token (the config’s metrics.token) as "Authorization: Bearer <token>".',
        });
      }
    }
    const text = await endpoint.scrape();
    return context.body(text, 200, { 'content-type': endpoint.contentType });
  };
}

/** A fixed-length digest, so tokens of any length compare in constant time. */
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
