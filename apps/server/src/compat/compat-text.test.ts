import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientWithKey,
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import {
  compatClient,
  readEvents,
  switchyardHeadersOf,
} from './__tests__/compat-harness';

const ECHO_PRICE = 5;

/** The fields of a `chat.completion.chunk` the tests read. */
interface ChatChunk {
  id: string;
  object: string;
  choices: Array<{
    delta: { role?: string; content?: string };
    finish_reason: string | null;
  }>;
  usage?: unknown;
}

describe(
  'the OpenAI- and Anthropic-compatible text routes',
  { timeout: 30_000 },
  () => {
    let harness: TestServer;
    const api = compatClient(() => harness);
    const chat = (model: string, extra: Record<string, unknown> = {}) => ({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
      ],
      ...extra,
    });

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`
auth: { required: true }
providers:
  local: { prices: { echo: { perRequest: ${ECHO_PRICE} } } }
  other: { use: local }
  flaky: { use: local, faults: { rate: 1, code: server_error } }
  limited: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 7000 } }
compat:
  models: { gpt-4o-mini: "route:text", house-model: "other:echo" }
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
  fallback:
    type: text
    targets: ["flaky:echo", "local:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
  limited:
    type: text
    targets: ["limited:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
`),
      });
    });
    afterAll(() => harness.close());

    describe('POST /v1/chat/completions', () => {
      it('should answer a chat.completion, charge the key and say what happened in headers', async () => {
        const { key, id } = await api.newKey();
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:text', {
            max_tokens: 10,
            temperature: 0.5,
            user: 'ignored',
          }),
          { key },
        );
        expect(response.status).toBe(200);
        expect(switchyardHeadersOf(response)).toEqual({
          provider: 'local',
          fallback: 'false',
          attempts: '1',
          cost: String(ECHO_PRICE),
        });
        expect(response.headers.get('x-request-id')).toBeTruthy();
        const body = (await response.json()) as { id: string };
        expect(body).toMatchObject({
          object: 'chat.completion',
          model: 'echo',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'echo: hello there' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
        });
        // Recorded like a generate call, under the id the answer gives.
        expect(await harness.store.generations.get(body.id)).toMatchObject({
          id: body.id,
        });
        expect(await harness.store.ledger.balance(id)).toMatchObject({
          balance: 1_000_000 - ECHO_PRICE,
        });
      });

      it('should take the model as a route, a target, a mapped name or a bare model one target has', async () => {
        const { key } = await api.newKey();
        const servedBy = async (model: string) => {
          const response = await api.post('/v1/chat/completions', chat(model), {
            key,
          });
          expect(response.status, model).toBe(200);
          return response.headers.get('x-switchyard-provider');
        };
        expect(await servedBy('route:fallback')).toBe('local');
        expect(await servedBy('other:echo')).toBe('other');
        expect(await servedBy('gpt-4o-mini')).toBe('local');
        expect(await servedBy('house-model')).toBe('other');
        // "echo" is a model of three instances' targets: ambiguous.
        const ambiguous = await api.post('/v1/chat/completions', chat('echo'), {
          key,
        });
        expect(ambiguous.status).toBe(404);
        expect(await ambiguous.json()).toMatchObject({
          error: { code: 'model_not_found', param: 'model' },
        });
      });

      it('should answer 404 model_not_found in OpenAI’s format for a model nothing names', async () => {
        const { key } = await api.newKey();
        for (const model of ['gpt-5', 'route:nope', 'route:image']) {
          const response = await api.post('/v1/chat/completions', chat(model), {
            key,
          });
          expect(response.status).toBe(404);
          expect(await response.json()).toEqual({
            error: {
              message: expect.stringContaining(model),
              type: 'invalid_request_error',
              param: 'model',
              code: 'model_not_found',
            },
          });
        }
      });

      it('should answer 401 without a key or with an unknown one', async () => {
        const missing = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
        );
        expect(missing.status).toBe(401);
        expect(await missing.json()).toMatchObject({
          error: { type: 'authentication_error', code: 'invalid_api_key' },
        });
        const unknown = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          {
            key: 'sy_live_not-a-key',
          },
        );
        expect(unknown.status).toBe(401);
      });

      it('should answer 400 naming the field for a body that does not validate, and for what it does not support', async () => {
        const { key } = await api.newKey();
        const cases: Array<[Record<string, unknown>, string]> = [
          [chat('route:text', { temperature: 7 }), 'temperature'],
          [chat('route:text', { max_tokens: 0 }), 'max_tokens'],
          [chat('route:text', { n: 2 }), 'n'],
          [chat('route:text', { tools: [{ type: 'function' }] }), 'tools'],
          [
            { model: 'route:text', messages: [{ role: 'tool', content: 'x' }] },
            'messages[0].role',
          ],
          [
            {
              model: 'route:text',
              messages: [{ role: 'user', content: [{ type: 'image_url' }] }],
            },
            'messages[0].content',
          ],
        ];
        for (const [body, param] of cases) {
          const response = await api.post('/v1/chat/completions', body, {
            key,
          });
          expect(response.status, param).toBe(400);
          expect(await response.json()).toMatchObject({
            error: {
              type: 'invalid_request_error',
              param,
              code: 'invalid_request',
            },
          });
        }
        const notJson = await api.post('/v1/chat/completions', '{', { key });
        expect(notJson.status).toBe(400);
      });

      it('should show a fallback in the headers', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:fallback'),
          { key },
        );
        expect(response.status).toBe(200);
        expect(switchyardHeadersOf(response)).toEqual({
          provider: 'local',
          fallback: 'true',
          attempts: '2',
          cost: String(ECHO_PRICE),
        });
      });

      it('should answer 429 with Retry-After when every target is rate limited, charging nothing', async () => {
        const { key, id } = await api.newKey();
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:limited'),
          { key },
        );
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('7');
        expect(switchyardHeadersOf(response)).toEqual({
          provider: 'limited',
          fallback: 'false',
          attempts: '1',
          cost: '0',
        });
        expect(await response.json()).toMatchObject({
          error: {
            type: 'rate_limit_error',
            code: 'rate_limited',
            attempts: [
              { provider: 'limited', outcome: 'error', code: 'rate_limited' },
            ],
          },
        });
        expect(await harness.store.ledger.balance(id)).toMatchObject({
          balance: 1_000_000,
          reserved: 0,
        });
      });

      it('should answer 429 with Retry-After past the key’s own rate limit', async () => {
        const { key } = await api.newKey({ limits: { perMinute: 1 } });
        expect(
          (await api.post('/v1/chat/completions', chat('route:text'), { key }))
            .status,
        ).toBe(200);
        const refused = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          { key },
        );
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await refused.json()).toMatchObject({
          error: { code: 'rate_limited' },
        });
      });

      it('should answer 402 when the key’s credits do not cover the call', async () => {
        const { key } = await api.newKey({ credits: ECHO_PRICE - 1 });
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          { key },
        );
        expect(response.status).toBe(402);
        expect(await response.json()).toMatchObject({
          error: { type: 'insufficient_quota', code: 'quota_exceeded' },
        });
      });

      it('should answer 403 for a route the key may not use', async () => {
        const { key } = await api.newKey({ limits: { routes: ['fallback'] } });
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          { key },
        );
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({
          error: { type: 'permission_error' },
        });
      });

      it('should take a minted token like a key, with its limits', async () => {
        const { key } = await api.newKey();
        const backend = clientWithKey(harness.server.url, key);
        const { token } = await backend.tokens.mint.mutate({
          subject: 'ann',
          types: ['text'],
        });
        const served = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          {
            key: token,
          },
        );
        expect(served.status).toBe(200);
        const imagesOnly = await backend.tokens.mint.mutate({
          subject: 'ann',
          types: ['image'],
        });
        const refused = await api.post(
          '/v1/chat/completions',
          chat('route:text'),
          {
            key: imagesOnly.token,
          },
        );
        expect(refused.status).toBe(403);
        expect(await refused.json()).toMatchObject({
          error: { type: 'permission_error', code: 'token_not_allowed' },
        });
      });

      it('should charge once and answer the same completion for a repeated Idempotency-Key', async () => {
        const { key, id } = await api.newKey();
        const send = () =>
          api.post('/v1/chat/completions', chat('route:text'), {
            key,
            headers: { 'idempotency-key': 'compat-once' },
          });
        const first = (await (await send()).json()) as { id: string };
        const again = await send();
        expect(again.status).toBe(200);
        expect(((await again.json()) as { id: string }).id).toBe(first.id);
        expect(await harness.store.ledger.balance(id)).toMatchObject({
          balance: 1_000_000 - ECHO_PRICE,
        });
      });

      it('should stream chat.completion.chunk events ending in [DONE], charging at the end', async () => {
        const { key, id } = await api.newKey();
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:fallback', {
            stream: true,
            stream_options: { include_usage: true },
          }),
          { key },
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(
          /^text\/event-stream/,
        );
        expect(switchyardHeadersOf(response)).toEqual({
          provider: 'local',
          fallback: 'true',
          attempts: '2',
          cost: null,
        });
        const events = await readEvents(response);
        expect(events.at(-1)).toEqual({ data: '[DONE]' });
        const chunks = events
          .slice(0, -1)
          .map((event) => JSON.parse(event.data) as ChatChunk);
        expect(new Set(chunks.map((chunk) => chunk.object))).toEqual(
          new Set(['chat.completion.chunk']),
        );
        expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
        expect(chunks[0]?.choices[0]?.delta).toEqual({
          role: 'assistant',
          content: '',
        });
        const text = chunks
          .map((chunk) => chunk.choices[0]?.delta.content ?? '')
          .join('');
        expect(text).toBe('echo: hello there');
        expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
        expect(chunks.at(-1)).toMatchObject({
          choices: [],
          usage: { prompt_tokens: 4, completion_tokens: 3 },
        });
        expect(await harness.store.ledger.balance(id)).toMatchObject({
          balance: 1_000_000 - ECHO_PRICE,
          reserved: 0,
        });
      });

      it('should answer a stream that fails before any text with the error status and Retry-After', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/chat/completions',
          chat('route:limited', { stream: true }),
          { key },
        );
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('7');
        expect(await response.json()).toMatchObject({
          error: { code: 'rate_limited', type: 'rate_limit_error' },
        });
      });
    });

    describe('POST /v1/messages', () => {
      const message = (extra: Record<string, unknown> = {}) => ({
        model: 'route:text',
        max_tokens: 64,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hello there' }],
        ...extra,
      });

      it('should answer a message in Anthropic’s shape, the key sent as x-api-key', async () => {
        const { key } = await api.newKey();
        const response = await api.post('/v1/messages', message(), {
          key,
          apiKeyHeader: true,
        });
        expect(response.status).toBe(200);
        expect(switchyardHeadersOf(response)).toMatchObject({
          provider: 'local',
          cost: String(ECHO_PRICE),
        });
        expect(await response.json()).toMatchObject({
          type: 'message',
          role: 'assistant',
          model: 'echo',
          content: [{ type: 'text', text: 'echo: hello there' }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 4, output_tokens: 3 },
        });
      });

      it('should stream message_start, text deltas and message_stop', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/messages',
          message({ stream: true }),
          {
            key,
            apiKeyHeader: true,
          },
        );
        expect(response.status).toBe(200);
        const events = await readEvents(response);
        expect(events.map((event) => event.event)).toEqual([
          'message_start',
          'content_block_start',
          'content_block_delta',
          'content_block_delta',
          'content_block_delta',
          'content_block_stop',
          'message_delta',
          'message_stop',
        ]);
        const text = events
          .filter((event) => event.event === 'content_block_delta')
          .map(
            (event) =>
              (JSON.parse(event.data) as { delta: { text: string } }).delta
                .text,
          )
          .join('');
        expect(text).toBe('echo: hello there');
        expect(JSON.parse(events[6]?.data ?? '')).toMatchObject({
          delta: { stop_reason: 'end_turn' },
          usage: { output_tokens: 3 },
        });
      });

      it('should answer errors in Anthropic’s format', async () => {
        const missing = await api.post('/v1/messages', message());
        expect(missing.status).toBe(401);
        expect(await missing.json()).toMatchObject({
          type: 'error',
          error: { type: 'authentication_error' },
          request_id: missing.headers.get('x-request-id'),
        });
        const { key } = await api.newKey();
        const invalid = await api.post(
          '/v1/messages',
          message({ max_tokens: undefined }),
          { key },
        );
        expect(invalid.status).toBe(400);
        expect(await invalid.json()).toMatchObject({
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: expect.stringContaining('max_tokens'),
          },
        });
        const limited = await api.post(
          '/v1/messages',
          message({ model: 'route:limited' }),
          {
            key,
          },
        );
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('7');
        expect(await limited.json()).toMatchObject({
          error: { type: 'rate_limit_error' },
        });
      });
    });
  },
);
