import { fileURLToPath } from 'node:url';
import type { TextStreamEvent } from '@switchyard/core';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collectStream,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** A cut transcript kept beside its provider's parser (recorded, then cut). */
const providerFixture = (provider: string, name: string) =>
  fixtureResponse(
    fileURLToPath(
      new URL(
        `../../../packages/providers-${provider}/src/__fixtures__/${name}`,
        import.meta.url,
      ),
    ),
  ) as FakeSseResponse;

const anthropicStream = fixtureResponse(
  'anthropic/messages.stream.txt',
) as FakeSseResponse;
const openaiStream = fixtureResponse(
  'openai/chat-completions.stream.txt',
) as FakeSseResponse;
const CREDITS = 100_000_000;

describe('generateStream when the upstream stream does not finish', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  let answers: { openai: FakeResponse; anthropic: FakeResponse };

  /** Subscribes with a key and collects every event until the stream ends. */
  const stream = (key: string) =>
    collectStream(
      harness.server.url,
      { type: 'text', prompt: 'Write a haiku.' },
      key,
    );
  const deltasOf = (events: TextStreamEvent[]) =>
    events
      .map((event) => (event.type === 'text-delta' ? event.text : ''))
      .join('');
  const newKey = async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'stream-end',
      credits: CREDITS,
    });
    return { key, id: record.id };
  };

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /openai/v1/chat/completions': { response: () => answers.openai },
      'POST /anthropic/v1/messages': { response: () => answers.anthropic },
    });
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  openai: { apiKey: sk-openai-test, baseURL: "${upstream.url}/openai/v1" }
  anthropic: { apiKey: sk-ant-test, baseURL: "${upstream.url}/anthropic/v1" }
routes:
  text:
    targets: ["anthropic:claude-haiku-4-5", "openai:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
    answers = { openai: openaiStream, anthropic: anthropicStream };
  });

  it('should end with an incomplete invalid_response error, charging nothing, when the stream closes without message_stop', async () => {
    answers.anthropic = providerFixture('anthropic', 'messages.stream.cut.txt');
    const { key, id } = await newKey();
    const events = await stream(key);
    const delivered = deltasOf(events);
    expect(delivered.length).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'end')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'invalid_response',
      incomplete: true,
      delivered,
      provider: 'anthropic',
    });
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: CREDITS,
      reserved: 0,
    });
    const recorded = await harness.store.generations.list({
      keyId: id,
      limit: 5,
    });
    expect(recorded.map((entry) => [entry.status, entry.errorCode])).toEqual([
      ['failed', 'invalid_response'],
    ]);
  });

  it('should end with the error chunk’s code when an OpenAI-style stream sends an error after text', async () => {
    answers.anthropic = {
      ...anthropicStream,
      chunks: anthropicStream.chunks.slice(0, 1),
    };
    answers.openai = providerFixture(
      'openai',
      'chat-completions.stream.error.txt',
    );
    const { key, id } = await newKey();
    const events = await stream(key);
    // The cut Anthropic stream had sent no text: it fell back.
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'fallback', reason: 'invalid_response' }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'server_error',
      incomplete: true,
      delivered: deltasOf(events),
      provider: 'openai',
      attempts: [
        expect.objectContaining({
          provider: 'anthropic',
          code: 'invalid_response',
        }),
        expect.objectContaining({ provider: 'openai', outcome: 'success' }),
      ],
    });
    expect(deltasOf(events).length).toBeGreaterThan(0);
    expect((await harness.store.ledger.balance(id)).balance).toBe(CREDITS);
  });

  it('should end with an incomplete error when an OpenAI-style stream closes without [DONE]', async () => {
    answers.anthropic = {
      ...anthropicStream,
      chunks: anthropicStream.chunks.slice(0, 1),
    };
    answers.openai = providerFixture(
      'openai',
      'chat-completions.stream.cut-before-usage.txt',
    );
    const { key, id } = await newKey();
    const events = await stream(key);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'invalid_response',
      incomplete: true,
      delivered: 'The capital of the UK is London.',
    });
    expect((await harness.store.ledger.balance(id)).balance).toBe(CREDITS);
  });
});
