// A fake OpenAI-style upstream for the benchmark, in its own process so its
// CPU is apart (`node bench/fake-upstream.mjs`, port from PORT). Zero latency:
// - POST …/chat/completions answers a recorded chat-completions body, or,
//   with `"stream": true` in the JSON body, `chat.completion.chunk` SSE events
//   (N content chunks, a finish chunk with usage, then `data: [DONE]`). N is
//   the `x-bench-chunks` header, else a `/chunks/<n>/` path segment, else the
//   body's `max_completion_tokens` / `max_tokens` (what a gateway forwards),
//   else 100. Each chunk is its own write, as a real upstream sends them.
// - any path under `/fail/` answers 503 with an OpenAI-style error body.
// - GET /__bench/stats answers `{ requests, failHits }` (failHits: POSTs under
//   `/fail/`, not probes), counted since start, so the bench can tell how many
//   upstream calls a measured window cost.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';

const DEFAULT_CHUNKS = 100;
const fixture = resolve(
  import.meta.dirname,
  '../packages/testing/fixtures/openai/chat-completions.success.body.json',
);
const completion = existsSync(fixture)
  ? readFileSync(fixture)
  : Buffer.from(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion',
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello from the bench.' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
      }),
    );
const unavailable = Buffer.from(
  JSON.stringify({
    error: {
      message: 'The bench upstream is down (503).',
      type: 'server_error',
      param: null,
      code: 'service_unavailable',
    },
  }),
);
const stats = { requests: 0, failHits: 0 };

/** One SSE `data:` line of a chat.completion.chunk. */
function chunkEvent(fields) {
  const chunk = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1770933883,
    model: 'gpt-4o-mini',
    ...fields,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const contentEvent = chunkEvent({
  choices: [{ index: 0, delta: { content: ' tok' }, finish_reason: null }],
});
const finishEvent = chunkEvent({
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 },
});

function chunkCount(request, body) {
  const header = Number(request.headers['x-bench-chunks']);
  if (Number.isInteger(header) && header > 0) return header;
  const inPath = /\/chunks\/(\d+)\//.exec(request.url ?? '');
  if (inPath !== null) return Number(inPath[1]);
  const fromBody = body.max_completion_tokens ?? body.max_tokens;
  return Number.isInteger(fromBody) && fromBody > 0 ? fromBody : DEFAULT_CHUNKS;
}

function sendStream(request, response, body) {
  const chunks = chunkCount(request, body);
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  for (let index = 0; index < chunks; index += 1) response.write(contentEvent);
  response.write(finishEvent);
  response.end('data: [DONE]\n\n');
}

function send(response, { status, body }) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
  });
  response.end(body);
}

function answer(request, response, text) {
  if (request.url === '/__bench/stats') {
    send(response, { status: 200, body: Buffer.from(JSON.stringify(stats)) });
    return;
  }
  stats.requests += 1;
  if (request.url?.includes('/fail/') === true) {
    // Calls only: the health monitor's probes (GETs) are not calls to `down`.
    if (request.method === 'POST') stats.failHits += 1;
    send(response, { status: 503, body: unavailable });
    return;
  }
  // Only a body that mentions "stream" is parsed: the plain path stays cheap.
  const body = text.includes('"stream"') ? JSON.parse(text) : {};
  if (body.stream === true) sendStream(request, response, body);
  else send(response, { status: 200, body: completion });
}

const server = createServer((request, response) => {
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    try {
      answer(request, response, Buffer.concat(parts).toString('utf8'));
    } catch (error) {
      send(response, { status: 400, body: Buffer.from(String(error)) });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
