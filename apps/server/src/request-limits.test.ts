import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import { DEFAULT_MAX_BATCH_SIZE } from './middleware/request-limits';
import type { AppRouter } from './router';

const MAX_BODY_BYTES = 64 * 1024;

describe('HTTP request limits', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
http: { maxBodyBytes: ${MAX_BODY_BYTES} }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
  });
  afterAll(() => harness.close());

  /** POSTs `count` batched generateBatch calls of one text item each. */
  async function batchedGenerateBatch(count: number): Promise<Response> {
    const body = Object.fromEntries(
      Array.from({ length: count }, (_, index) => [
        String(index),
        { items: [{ type: 'text', prompt: `call ${index}` }] },
      ]),
    );
    const paths = Array.from({ length: count }, () => 'generateBatch');
    return fetch(`${harness.server.url}/trpc/${paths.join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('should refuse a batched HTTP request with more procedures than the cap, naming the cap', async () => {
    const refused = await batchedGenerateBatch(DEFAULT_MAX_BATCH_SIZE + 1);
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: string };
    expect(error).toContain(
      `${DEFAULT_MAX_BATCH_SIZE + 1}, at most ${DEFAULT_MAX_BATCH_SIZE}`,
    );
    expect(error).toContain('http.maxBatchSize');
  });

  it('should serve a batched HTTP request within the cap, and a batching client that keeps under it', async () => {
    const served = await batchedGenerateBatch(DEFAULT_MAX_BATCH_SIZE);
    expect(served.status).toBe(200);
    const outcomes = (await served.json()) as unknown[];
    expect(outcomes).toHaveLength(DEFAULT_MAX_BATCH_SIZE);
    const batching = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${harness.server.url}/trpc`,
          maxItems: DEFAULT_MAX_BATCH_SIZE,
        }),
      ],
    });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        batching.generate.mutate({ type: 'text', prompt: `hello ${index}` }),
      ),
    );
    expect(results.map((result) => result.provider)).toEqual(
      Array.from({ length: 25 }, () => 'local'),
    );
    // The plain client (one call per request, as the SDK sends) still works.
    const plain = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'hi',
    });
    expect(plain.type).toBe('text');
  });

  it('should answer 413 to a body whose length is over the limit before it is sent', async () => {
    const announced = 200 * 1024 * 1024;
    const { port } = harness.server;
    const outgoing = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/trpc/generate',
      headers: {
        'content-type': 'application/json',
        'content-length': String(announced),
      },
    });
    outgoing.on('error', () => undefined);
    const answered = once(outgoing, 'response') as Promise<[IncomingMessage]>;
    // Only the first kilobyte of the announced 200 MB is ever sent.
    outgoing.write('x'.repeat(1_024));
    const [response] = await answered;
    expect(response.statusCode).toBe(413);
    const body = await readAll(response);
    expect(JSON.parse(body)).toEqual({
      error: `Request body too large: at most ${MAX_BODY_BYTES} bytes (http.maxBodyBytes in the config).`,
    });
    outgoing.destroy();
  });

  const megabyte = 1024 * 1024;
  const announced = { 'content-length': String(200 * megabyte) };
  it.each([
    {
      status: 413,
      path: '/trpc/generate',
      type: 'application/json',
      announced,
    },
    {
      status: 413,
      path: '/v1/chat/completions',
      type: 'application/json',
      announced,
    },
    { status: 415, path: '/trpc/generate', type: 'text/plain', announced: {} },
  ])(
    'should hang up after a $status on $path instead of reading the rest of the body',
    async ({ status, path, type, announced: length }) => {
      // Without a content-length the body is chunked: it never ends.
      const outgoing = request({
        host: '127.0.0.1',
        port: harness.server.port,
        method: 'POST',
        path,
        headers: { 'content-type': type, ...length },
      });
      outgoing.on('error', () => undefined);
      const answered = once(outgoing, 'response') as Promise<[IncomingMessage]>;
      outgoing.write('x'.repeat(1_024));
      const [response] = await answered;
      expect(response.statusCode).toBe(status);
      expect(response.headers.connection).toBe('close');
      response.resume();
      // Go on sending the body: a server that kept the connection would
      // take all of it; this one has hung up.
      const { socket } = response;
      const budget = 64;
      let sent = 0;
      while (sent < budget && !socket.destroyed) {
        await new Promise<void>((resolve) => {
          outgoing.write(Buffer.alloc(megabyte), () => resolve());
        });
        sent += 1;
      }
      expect(sent).toBeLessThan(budget);
      outgoing.destroy();
    },
  );

  it('should hang up after answering a route that does not exist while its body is still owed', async () => {
    const outgoing = request({
      host: '127.0.0.1',
      port: harness.server.port,
      method: 'POST',
      path: '/nowhere',
      headers: {
        'content-type': 'application/json',
        'content-length': String(MAX_BODY_BYTES - 1_024),
      },
    });
    outgoing.on('error', () => undefined);
    const answered = once(outgoing, 'response') as Promise<[IncomingMessage]>;
    outgoing.write('x'.repeat(1_024));
    const [response] = await answered;
    expect(response.statusCode).toBe(404);
    expect(response.headers.connection).toBe('close');
    response.resume();
    // The server ends its side (without it, this waits for the time-out).
    const { socket } = response;
    if (!socket.destroyed) await once(socket, 'close');
    outgoing.destroy();
  });

  it('should keep the connection after answering a body it has read', async () => {
    const answers = await Promise.all(
      [
        { path: '/trpc/generate', body: { type: 'text', prompt: 'hi' } },
        {
          path: '/v1/chat/completions',
          body: {
            model: 'route:text',
            messages: [{ role: 'user', content: 'hi' }],
          },
        },
      ].map(
        ({ path, body }) =>
          new Promise<IncomingMessage>((resolve, reject) => {
            const outgoing = request({
              host: '127.0.0.1',
              port: harness.server.port,
              method: 'POST',
              path,
              headers: { 'content-type': 'application/json' },
            });
            outgoing.once('response', resolve).once('error', reject);
            outgoing.end(JSON.stringify(body));
          }),
      ),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers.connection).toBe('keep-alive');
      answer.resume();
    }
  });

  it('should answer 413 to a chunked body once it passes the limit, without reading the rest', async () => {
    const { port } = harness.server;
    const outgoing = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/trpc/generate',
      headers: { 'content-type': 'application/json' },
    });
    outgoing.on('error', () => undefined);
    let response: IncomingMessage | undefined;
    const answered = new Promise<IncomingMessage>((resolve) => {
      outgoing.once('response', (incoming: IncomingMessage) => {
        response = incoming;
        resolve(incoming);
      });
    });
    const chunk = 'x'.repeat(16 * 1024);
    const chunksAvailable = 256; // 4 MB, far over the 64 KB limit.
    let sent = 0;
    while (response === undefined && sent < chunksAvailable) {
      await new Promise<void>((resolve, reject) => {
        outgoing.write(chunk, (error) => (error ? reject(error) : resolve()));
      }).catch(() => undefined);
      sent += 1;
      // Let the server's answer, if any, arrive before the next chunk.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const answer = await answered;
    expect(answer.statusCode).toBe(413);
    expect(sent).toBeLessThan(chunksAvailable);
    outgoing.destroy();
  });
});

async function readAll(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
