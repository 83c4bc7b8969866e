// A TCP proxy between the gateways and PostgreSQL that counts database round
// trips: the frontend (client → server) messages that wait for the server's
// answer, `Q` (simple query) and `S` (Sync, which ends an extended-protocol
// Parse/Bind/Execute batch). node-postgres never pipelines, so each is one
// round trip. It forwards every byte unchanged and only reads headers.
import { connect, createServer } from 'node:net';

/** The startup packet's codes that ask for a different startup (the server answers one byte; the real startup packet follows). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const TYPE_Q = 'Q'.charCodeAt(0);
const TYPE_S = 'S'.charCodeAt(0);

/**
 * A reader of one connection's frontend stream, fed its TCP chunks in order:
 * calls `onMessage(type)` for each typed message. Messages and their headers
 * may be split across chunks anywhere. The first packet (and any after an
 * SSLRequest or GSSENCRequest) is a startup packet: int32 length, int32 code,
 * no type byte. Every later one is a type byte, then an int32 length that
 * counts itself and the body.
 */
export function frontendReader(onMessage) {
  let startup = true;
  /** Bytes of a header split across chunks. */
  let partial = Buffer.alloc(0);
  /** Bytes of the current message's body still to pass over. */
  let skip = 0;
  const take = (header) => {
    if (startup) {
      const code = header.readInt32BE(4);
      skip = header.readInt32BE(0) - 8;
      startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
      return;
    }
    skip = header.readInt32BE(1) - 4;
    onMessage(header[0]);
  };
  return (chunk) => {
    let at = 0;
    while (at < chunk.length) {
      if (skip > 0) {
        const passed = Math.min(skip, chunk.length - at);
        skip -= passed;
        at += passed;
        continue;
      }
      const size = startup ? 8 : 5;
      if (partial.length === 0 && chunk.length - at >= size) {
        take(chunk.subarray(at, at + size));
        at += size;
        continue;
      }
      const wanted = Math.min(size - partial.length, chunk.length - at);
      partial = Buffer.concat([partial, chunk.subarray(at, at + wanted)]);
      at += wanted;
      if (partial.length < size) return;
      take(partial);
      partial = Buffer.alloc(0);
    }
  };
}

/** Ends both sockets when either side errors or closes. */
function pair(client, server) {
  const end = () => {
    client.destroy();
    server.destroy();
  };
  for (const socket of [client, server]) {
    socket.on('error', end);
    socket.on('close', end);
  }
  client.pipe(server);
  server.pipe(client);
}

/**
 * Listens on a free port of 127.0.0.1 and forwards each connection to
 * `target` (`{ host, port }`). Resolves `{ port, counts, close }`; `counts`
 * (`queries`, `syncs`, `connections`) grow as messages pass.
 */
export async function startPgProxy(target) {
  const counts = { queries: 0, syncs: 0, connections: 0 };
  const onMessage = (type) => {
    if (type === TYPE_Q) counts.queries += 1;
    else if (type === TYPE_S) counts.syncs += 1;
  };
  const sockets = new Set();
  const proxy = createServer((client) => {
    counts.connections += 1;
    const server = connect(target.port, target.host);
    client.setNoDelay(true);
    server.setNoDelay(true);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    client.on('data', frontendReader(onMessage));
    pair(client, server);
  });
  await new Promise((resolveListening, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolveListening);
  });
  const close = () =>
    new Promise((resolveClosed) => {
      for (const socket of sockets) socket.destroy();
      proxy.close(() => resolveClosed());
    });
  return { port: proxy.address().port, counts, close };
}

/** Round trips counted so far (`Q` and `S` messages). */
export const roundTrips = (counts) => counts.queries + counts.syncs;
