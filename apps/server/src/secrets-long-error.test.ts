import { createFakeUpstream, type FakeUpstream } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  collectStream,
  configFromYaml,
  createCapturingLogger,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const KEY = 'sk-proj-Zq8rT2vW9xY4bN6mK3jH7gF5dS1aP0oL';

/** The 8-character runs of the key found in `text`. */
function keyPartsIn(text: string): string[] {
  const parts: string[] = [];
  for (let start = 0; start + 8 <= KEY.length; start += 1) {
    const part = KEY.slice(start, start + 8);
    if (text.includes(part)) parts.push(part);
  }
  return parts;
}

/** A 3,000-character upstream error whose key echo starts at `offset`. */
function echoAt(offset: number): string {
  const before = 'x '.repeat(offset / 2);
  const echo = `Incorrect API key provided: ${KEY} (header Authorization: Bearer ${KEY.replace(/\//g, '\\/')})`;
  return `${before}${echo}${' y'.repeat((3_000 - before.length - echo.length) / 2)}`;
}

describe('a provider key echoed in a long upstream error', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  const { logger, lines } = createCapturingLogger('trace');

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        // The key starts at 470 and straddles the 500-character cut of the
        // message (JSON), or the 2,048-character cut of the body (text).
        response: ({ callNumber }) =>
          callNumber % 2 === 0
            ? {
                type: 'error',
                status: 401,
                body: { error: { message: echoAt(442), type: 'invalid_key' } },
              }
            : {
                type: 'error',
                status: 500,
                body: echoAt(2_020),
                headers: { 'content-type': 'text/plain' },
              },
      },
    });
    harness = await startTestServer({
      logger,
      config: configFromYaml(
        `
auth: { required: true }
providers:
  openai: { apiKey: "\${OPENAI_API_KEY}", baseURL: "${upstream.url}/v1" }
  backup: { use: openai, apiKey: "\${OPENAI_API_KEY}", baseURL: "${upstream.url}/v1" }
routes:
  text:
    targets: ["openai:gpt-4o-mini", "backup:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    onError: { auth: { fallback: true } }
`,
        { environment: { OPENAI_API_KEY: KEY } },
      ),
    });
  });

  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  it('should reach neither the error, its attempts, the stored generation nor a log line', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: 10_000_000,
    });
    const error = await clientError(
      client.generate.mutate({ type: 'text', prompt: 'hello' }),
    );
    expect(upstream.calls).toHaveLength(2);
    expect(error.data?.attempts).toHaveLength(2);
    expect(error.data?.attempts?.[0]?.message).toContain(
      'Incorrect API key provided: [redacted]',
    );
    const page = await client.generations.list.query({ limit: 10 });
    expect(page.items).toHaveLength(1);
    const stored = await client.generations.get.query({
      id: page.items[0]?.id ?? '',
    });
    expect(stored?.attempts).toHaveLength(2);
    const everything = JSON.stringify([
      error.message,
      error.shape,
      stored,
      await harness.store.generations.list({ keyId: id, limit: 10 }),
      lines,
    ]);
    expect(keyPartsIn(everything)).toEqual([]);
  });

  it('should reach neither a stream error event nor a batch item error', async () => {
    const { key, client } = await createKeyedClient(harness, {
      credits: 10_000_000,
    });
    const events = await collectStream(
      harness.server.url,
      { type: 'text', prompt: 'hello' },
      key,
    );
    expect(events.at(-1)).toMatchObject({ type: 'error' });
    const batch = await client.generateBatch.mutate({
      items: [{ type: 'text', prompt: 'hello' }],
    });
    expect(batch.items[0]?.ok).toBe(false);
    expect(keyPartsIn(JSON.stringify([events, batch, lines]))).toEqual([]);
  });
});
