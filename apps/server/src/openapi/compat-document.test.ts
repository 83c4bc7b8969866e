import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { compatClient } from '../compat/__tests__/compat-harness';
import type { CompatPath } from '../compat/mount-compat';
import {
  documentChecker,
  type OpenApiDocument,
} from './__tests__/document-check';

// What the /v1 routes really answer, checked against what /openapi.json
// says they answer: statuses, headers, bodies (every event of a stream),
// in OpenAI's and Anthropic's formats, errors included.
describe('/openapi.json against the /v1 routes', { timeout: 30_000 }, () => {
  let harness: TestServer;
  let check: ReturnType<typeof documentChecker>;
  let key: string;
  const api = compatClient(() => harness);
  const post = (path: CompatPath) => ({ path, method: 'post' });
  const get = (path: CompatPath) => ({ path, method: 'get' });

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
http: { maxBodyBytes: 100000 }
providers:
  local: {}
  limited: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 7000 } }
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
  speech: { targets: ["local:speech"] }
  limited:
    type: text
    targets: ["limited:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
`),
    });
    const response = await fetch(`${harness.server.url}/openapi.json`);
    check = documentChecker((await response.json()) as OpenApiDocument);
    ({ key } = await api.newKey({ credits: 1_000_000 }));
  });
  afterAll(() => harness.close());

  /** Sends a JSON body the document accepts, and checks the answer. */
  async function call(
    route: { path: CompatPath; method: string },
    body: unknown,
    options: {
      key?: string;
      headers?: Record<string, string>;
      /** False: a body the route refuses, which the document refuses too. */
      valid?: boolean;
    } = {},
  ) {
    check.request(route, body, options.valid);
    const response = await api.post(route.path, body, {
      key,
      ...options,
    });
    return {
      status: response.status,
      body: await check.response(route, response),
    };
  }

  const chat = (extra: Record<string, unknown> = {}) => ({
    model: 'route:text',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
    ],
    ...extra,
  });

  it('should answer chat completions, streamed or not, as documented', async () => {
    const route = post('/v1/chat/completions');
    expect(await call(route, chat({ max_tokens: 64, seed: 1 }))).toMatchObject({
      status: 200,
      body: { object: 'chat.completion' },
    });
    const stream = await call(
      route,
      chat({ stream: true, stream_options: { include_usage: true } }),
    );
    expect(stream.status).toBe(200);
    expect(stream.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ usage: expect.anything() }),
      ]),
    );
    expect((await call(route, chat({ model: 'route:limited' }))).status).toBe(
      429,
    );
    expect((await call(route, chat({ model: 'nowhere' }))).status).toBe(404);
    const tools = chat({ tools: [{ type: 'function' }] });
    expect((await call(route, tools, { valid: false })).status).toBe(400);
    expect(
      await call(route, chat({ stream: true, model: 'route:limited' })),
    ).toMatchObject({
      status: 429,
    });
  });

  it('should answer Anthropic messages, streamed or not, as documented', async () => {
    const route = post('/v1/messages');
    const message = (extra: Record<string, unknown> = {}) => ({
      model: 'route:text',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hello there' }],
      ...extra,
    });
    const headers = { 'anthropic-version': '2023-06-01' };
    expect(await call(route, message(), { headers })).toMatchObject({
      status: 200,
      body: { type: 'message', stop_reason: 'end_turn' },
    });
    const stream = await call(route, message({ stream: true }), { headers });
    expect(
      (stream.body as Array<{ type: string }>).map((event) => event.type),
    ).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>((stream.body as unknown[]).length - 5).fill(
        'content_block_delta',
      ),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(
      (await call(route, message({ model: 'route:limited' }))).status,
    ).toBe(429);
    expect((await call(route, message(), { key: 'sy_unknown' })).status).toBe(
      401,
    );
  });

  it('should answer images, url or b64_json, and edits of them, as documented', async () => {
    const route = post('/v1/images/generations');
    const drawn = await call(route, {
      prompt: 'a fox',
      size: '32x32',
      n: 2,
      response_format: 'b64_json',
    });
    expect(drawn.status).toBe(200);
    expect(await call(route, { prompt: 'a fox', size: '32x32' })).toMatchObject(
      {
        status: 200,
        body: {
          data: [{ url: expect.stringMatching(/^data:image\/png;base64,/) }],
        },
      },
    );
    const png = Buffer.from(
      (drawn.body as { data: Array<{ b64_json: string }> }).data[0]?.b64_json ??
        '',
      'base64',
    );
    const form = new FormData();
    form.append('image', new Blob([png]), 'source.png');
    form.append('mask', new Blob([png]), 'mask.png');
    form.append('prompt', 'make it stormy');
    form.append('n', '1');
    const edits = post('/v1/images/edits');
    const edited = await fetch(`${harness.server.url}${edits.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    expect(edited.status).toBe(200);
    await check.response(edits, edited);
    const badSize = { prompt: 'a fox', size: 'big' };
    expect((await call(route, badSize, { valid: false })).status).toBe(400);
    // The server answers before reading it all, and closes the connection.
    const tooLarge = await api.post(
      route.path,
      { prompt: 'x'.repeat(200_000) },
      { key, headers: { connection: 'close' } },
    );
    expect(tooLarge.status).toBe(413);
    await check.response(route, tooLarge);
  });

  it('should answer speech as an audio file, as documented', async () => {
    const route = post('/v1/audio/speech');
    const spoken = await call(route, {
      model: 'route:speech',
      input: 'Hello there.',
      response_format: 'wav',
    });
    expect(spoken.status).toBe(200);
    expect((spoken.body as Uint8Array).byteLength).toBeGreaterThan(44);
    const empty = { model: 'route:speech', input: '' };
    expect((await call(route, empty, { valid: false })).status).toBe(400);
  });

  it('should list and retrieve models in both formats, as documented', async () => {
    const anthropic = { 'anthropic-version': '2023-06-01' };
    const list = get('/v1/models');
    const one = get('/v1/models/{id}');
    for (const headers of [{}, anthropic]) {
      const listed = await api.get(list.path, { key, headers });
      expect(listed.status).toBe(200);
      const { data } = (await check.response(list, listed)) as {
        data: Array<{ id: string }>;
      };
      expect(data.map((model) => model.id)).toContain('local:echo');
      const found = await api.get('/v1/models/local:echo', { key, headers });
      expect(found.status).toBe(200);
      await check.response(one, found);
      const missing = await api.get('/v1/models/local:nothing', {
        key,
        headers,
      });
      expect(missing.status).toBe(404);
      await check.response(one, missing);
      const refused = await api.get(list.path, { headers });
      expect(refused.status).toBe(401);
      await check.response(list, refused);
    }
  });
});
