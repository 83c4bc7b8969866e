import type { MiddlewareHandler } from 'hono';
import type { NodeBindings } from './light-request';

/**
 * Ends the connection after an answer sent while the request's body is
 * still arriving: a request refused before its body was read (too large,
 * not JSON, no such route). Node would otherwise keep the connection by
 * reading and discarding the rest of the body, up to all the client
 * announced. A body that has arrived, read or not, keeps the connection.
 * Only on Node (`@hono/node-server`); `app.request` in tests has no socket.
 */
export function closeOnUnreadBody(): MiddlewareHandler {
  return async function closeOnUnreadBody(context, next) {
    await next();
    const { incoming, outgoing } = (context.env ?? {}) as NodeBindings;
    if (incoming === undefined || outgoing === undefined) return;
    if (!incoming.complete && !outgoing.headersSent) {
      outgoing.setHeader('connection', 'close');
    }
  };
}
