// The bare floor: the least a Node gateway can do per call. A Hono app on
// @hono/node-server (apps/server's own copies) that forwards the body of
// POST /v1/chat/completions to the fake upstream (BENCH_UPSTREAM) through an
// undici Pool and returns its answer. No validation, no routing, no
// recording. `node bench/bare-floor.mjs`, port from PORT.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const fromServer = createRequire(
  resolve(import.meta.dirname, '../apps/server/package.json'),
);
const { Hono } = fromServer('hono');
const { serve } = fromServer('@hono/node-server');
const { Pool } = fromServer('undici');

const upstream = new Pool(process.env.BENCH_UPSTREAM, {
  connections: 128,
  pipelining: 1,
});
const app = new Hono();
app.get('/healthz', (context) => context.text('ok'));
app.post('/v1/chat/completions', async (context) => {
  const response = await upstream.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body: await context.req.text(),
  });
  return context.body(await response.body.arrayBuffer(), response.statusCode, {
    'content-type': 'application/json',
  });
});
serve({
  fetch: app.fetch,
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
});
