import { once } from 'node:events';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSwitchyardClient, type TextStreamEvent } from '@switchyard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from './start-gateway';

/** A local echo that takes a minute: the stream is open when its connection is cut. */
const SLOW = `
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { slow: { use: local, faults: { rate: 0, latencyMs: 60000 } } }
routes: { text: { targets: ["slow:echo"], retry: { maxAttempts: 1 } } }
`;

/**
 * A proxy in front of the gateway that records each request's headers and
 * cuts the first event stream once the event holding `cutAfter` has passed
 * through it (as a
 * dropped connection would). It takes the `authorization` header off, as a
 * front that checks tokens itself would (the gateway, auth off, would still
 * refuse a bearer it does not know). Each stream starts with `retry: 10`, so
 * the client reconnects after 10 ms instead of the default 3 s.
 */
async function startCuttingProxy(options: {
  target: string;
  cutAfter: string;
}): Promise<{ url: string; requests: IncomingHttpHeaders[]; server: Server }> {
  const target = new URL(options.target);
  const requests: IncomingHttpHeaders[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(request.headers);
    const isFirst = requests.length === 1;
    const { authorization: _checked, ...forwarded } = request.headers;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: request.url,
        method: request.method,
        headers: forwarded,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        response.write('retry: 10\n\n');
        let passed = '';
        answer.on('data', (chunk: Buffer) => {
          response.write(chunk);
          passed += chunk.toString();
          const at = passed.indexOf(options.cutAfter);
          // Cut once the whole event (up to its blank line) has gone through.
          if (isFirst && at >= 0 && passed.includes('\n\n', at)) {
            upstream.destroy();
            // Flushes what was written, then closes mid-body.
            response.socket?.end();
          }
        });
        answer.on('end', () => response.end());
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

/** Subscriptions connect through the default EventSource with fresh headers each time. */
describe('client.generateStream when its connection drops', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;

  beforeAll(async () => {
    gateway = await startGateway(SLOW);
    proxy = await startCuttingProxy({
      target: gateway.server.url,
      cutAfter: 'attempt-start',
    });
  });
  afterAll(async () => {
    proxy.server.closeAllConnections();
    proxy.server.close();
    await gateway.close();
  });

  it('should reconnect with the headers function called again (a refreshed token), and be refused, not run again', async () => {
    let tokens = 0;
    const client = createSwitchyardClient({
      url: proxy.url,
      headers: () => ({ authorization: `Bearer token-${(tokens += 1)}` }),
    });
    const events = await new Promise<TextStreamEvent[]>((resolve, reject) => {
      const seen: TextStreamEvent[] = [];
      client.generateStream.subscribe(
        { type: 'text', prompt: 'cut me off' },
        {
          onData: ({ data: event }) => seen.push(event),
          onComplete: () => resolve(seen),
          onError: reject,
        },
      );
    });

    expect(proxy.requests.map((headers) => headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(proxy.requests[0]?.['last-event-id']).toBeUndefined();
    expect(proxy.requests[1]?.['last-event-id']).toMatch(/^str_/);
    expect(events.map((event) => event.type)).toEqual([
      'attempt-start',
      'error',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'cancelled',
      message: expect.stringMatching(/not run again on a reconnect/),
    });
  }, 15_000);
});
