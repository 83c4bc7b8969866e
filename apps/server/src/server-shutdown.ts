import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { SwitchyardError } from '@switchyard/core';
import type { ServerState } from './app';
import type { Logger } from './logger';

/** Past the grace period, how long open streams and stopped calls get to send their last answer. */
const STREAM_FLUSH_MS = 2_000;

/**
 * Keeps the set of responses not yet finished. Once shutdown has started,
 * responses ask the client to close the connection, and each finished one
 * closes idle connections so `server.close` can complete.
 */
export function trackResponses(options: {
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

/**
 * Shuts the server down: readiness turns 503, health probes stop, no new
 * connections are taken, in-flight requests get `graceMs` to finish, then
 * calls still running are stopped (answering {@link shutdownCallError}),
 * open streams are ended and the remaining connections closed.
 */
export async function shutDown(options: {
  server: Server;
  state: ServerState;
  inFlight: Set<ServerResponse>;
  logger: Logger;
  /** Ends each open stream with an event saying so; resolves once sent. */
  endStreams: () => Promise<number>;
  /** Stops the health monitor's probes and alert retries (no timer outlives the server). */
  stopHealth?: () => void;
  graceMs: number;
}): Promise<void> {
  const { server, state, inFlight, logger, graceMs } = options;
  state.shuttingDown = true;
  options.stopHealth?.();
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
      'grace period over: stopping the calls still running, then closing the remaining connections',
    );
    // Each answers its caller with the shutdown error before the connections close.
    state.stopCalls?.abort(shutdownCallError());
    await endStreamsFirst({ closed, endStreams: options.endStreams, logger });
    server.closeAllConnections();
    await closed;
  }
  logger.info('server closed');
}

/**
 * What a call still running past the grace period answers: `overloaded`
 * (HTTP 503, as `/readyz` answers while shutting down), the nearest code to
 * "unavailable" in core's table: retryable, elsewhere or later.
 */
export function shutdownCallError(): SwitchyardError {
  return new SwitchyardError({
    code: 'overloaded',
    message:
      'The server is shutting down and stopped this call past its grace period; it is not charged. Send it again (to another replica, or once the server is back).',
  });
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
