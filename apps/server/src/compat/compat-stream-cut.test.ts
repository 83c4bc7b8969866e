import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { compatClient, readEvents } from './__tests__/compat-harness';

/** An OpenAI stream that stops after some text, without `[DONE]` (recorded, then cut). */
const cutStream = fixtureResponse(
  fileURLToPath(
    new URL(
      '../../../../packages/providers-openai/src/__fixtures__/chat-completions.stream.cut-before-usage.txt',
      import.meta.url,
    ),
  ),
) as FakeSseResponse;

describe('a /v1 stream cut after its first text', { timeout: 30_000 }, () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  let answer: FakeSseResponse;
  const api = compatClient(() => harness);

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /v1/chat/completions': { response: () => answer },
    });
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  openai: { apiKey: sk-openai-test, baseURL: "${upstream.url}/v1" }
routes:
  text:
    targets: ["openai:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
    answer = cutStream;
  });

  const body = {
    model: 'gpt-4o-mini',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'What is the capital of the UK?' }],
    stream: true,
  };

  it('should end an OpenAI stream with an error chunk (no [DONE]) and charge nothing', async () => {
    const { key, id } = await api.newKey({ credits: 100_000_000 });
    const response = await api.post('/v1/chat/completions', body, { key });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    const events = await readEvents(response);
    const chunks = events.map(
      (event) => JSON.parse(event.data) as Record<string, unknown>,
    );
    const text = chunks
      .map(
        (chunk) =>
          (
            chunk.choices as Array<{ delta: { content?: string } }> | undefined
          )?.at(0)?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe('The capital of the UK is London.');
    expect(chunks.at(-1)).toMatchObject({
      error: { code: 'invalid_response', type: 'server_error' },
    });
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
    expect((await harness.store.ledger.balance(id)).balance).toBe(100_000_000);
  });

  it('should end an Anthropic stream with an error event', async () => {
    const { key } = await api.newKey({ credits: 100_000_000 });
    const response = await api.post('/v1/messages', body, {
      key,
      apiKeyHeader: true,
    });
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    expect(events[0]?.event).toBe('message_start');
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)?.data ?? '')).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
    expect(events.some((event) => event.event === 'message_stop')).toBe(false);
  });

  it('should close the upstream call and charge nothing when the client goes away mid-stream', async () => {
    // The upstream stalls after its first chunks: the client leaves then.
    answer = { ...cutStream, stall: { afterChunks: 2, ms: 20_000 } };
    const { key, id } = await api.newKey({ credits: 100_000_000 });
    const client = new AbortController();
    const response = await fetch(`${harness.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
      },
      body: JSON.stringify(body),
      signal: client.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(
      'chat.completion.chunk',
    );
    client.abort();
    expect(await upstream.calls[0]?.ended).toBe('closed-early');
    await vi.waitFor(async () => {
      expect(await harness.store.ledger.balance(id)).toMatchObject({
        balance: 100_000_000,
        reserved: 0,
      });
    });
  });
});
