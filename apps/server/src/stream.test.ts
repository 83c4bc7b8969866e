import {
  createFakeUpstream,
  fixtureResponse,
  type FakeResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import type { TextStreamEvent } from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from './__tests__/test-server';

const anthropicStream = fixtureResponse(
  'anthropic/messages.stream.txt',
) as FakeSseResponse;
const anthropicOverloaded = fixtureResponse(
  'anthropic/messages.stream.error-overloaded.txt',
) as FakeSseResponse;
const openaiStream = fixtureResponse(
  'openai/chat-completions.stream.long.txt',
) as FakeSseResponse;

/** The text a recorded Anthropic stream carries, from its text deltas. */
function anthropicText(chunks: string[]): string {
  return chunks
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { delta?: { text?: string } })
    .map((event) => event.delta?.text ?? '')
    .join('');
}

describe('generateStream', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  let answers: { openai: FakeResponse; anthropic: FakeResponse };

  /** Subscribes and collects every event until the stream ends. */
  const stream = (
    input: { prompt: string; route?: string },
    options: { key?: string; stopAfterDeltas?: number } = {},
  ) => {
    const client = subscriptionClient(harness.server.url, options.key);
    return new Promise<TextStreamEvent[]>((resolve, reject) => {
      const events: TextStreamEvent[] = [];
      const subscription = client.generateStream.subscribe(
        { type: 'text', ...input },
        {
          onData({ data: event }) {
            events.push(event);
            const deltas = events.filter((e) => e.type === 'text-delta').length;
            if (
              options.stopAfterDeltas !== undefined &&
              deltas >= options.stopAfterDeltas
            ) {
              subscription.unsubscribe();
              resolve(events);
            }
            if (event.type === 'end' || event.type === 'error') {
              subscription.unsubscribe();
              resolve(events);
            }
          },
          onError: reject,
        },
      );
    });
  };
  const deltasOf = (events: TextStreamEvent[]) =>
    events
      .map((event) => (event.type === 'text-delta' ? event.text : ''))
      .join('');

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /openai/v1/chat/completions': {
        response: () => answers.openai,
      },
      'POST /anthropic/v1/messages': { response: () => answers.anthropic },
    });
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  openai: { apiKey: sk-openai-test, baseURL: "${upstream.url}/openai/v1" }
  anthropic: { apiKey: sk-ant-test, baseURL: "${upstream.url}/anthropic/v1" }
routes:
  text:
    targets: ["anthropic:claude-haiku-4-5", "openai:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
    chunkTimeoutMs: 300
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

  it('should stream the recorded answer as text deltas, then end with usage and attempts', async () => {
    const events = await stream({ prompt: 'Write a haiku.' });
    expect(events[0]).toEqual({
      type: 'attempt-start',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      attempt: 1,
    });
    expect(deltasOf(events)).toBe(anthropicText(anthropicStream.chunks));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      provider: 'anthropic',
      fallbackUsed: false,
      finishReason: 'stop',
      attempts: [expect.objectContaining({ outcome: 'success' })],
    });
  });

  it('should fall back when the first target fails before its first token (recorded overloaded error event)', async () => {
    answers.anthropic = anthropicOverloaded;
    const events = await stream({ prompt: 'Write a haiku.' });
    expect(events.slice(0, 3)).toEqual([
      expect.objectContaining({ type: 'attempt-start', provider: 'anthropic' }),
      {
        type: 'fallback',
        from: { provider: 'anthropic', model: 'claude-haiku-4-5' },
        to: { provider: 'openai', model: 'gpt-4o-mini' },
        reason: 'overloaded',
      },
      expect.objectContaining({ type: 'attempt-start', provider: 'openai' }),
    ]);
    expect(deltasOf(events).length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      provider: 'openai',
      fallbackUsed: true,
      attempts: [
        expect.objectContaining({ provider: 'anthropic', code: 'overloaded' }),
        expect.objectContaining({ provider: 'openai', outcome: 'success' }),
      ],
    });
  });

  it('should end with an incomplete error carrying what was sent when an error event comes after text, never falling back', async () => {
    // The recorded stream's first text deltas, then the recorded error event.
    const firstDeltas = anthropicStream.chunks.slice(0, 6);
    answers.anthropic = {
      ...anthropicStream,
      chunks: [...firstDeltas, ...anthropicOverloaded.chunks.slice(-1)],
    };
    const events = await stream({ prompt: 'Write a haiku.' });
    const sent = deltasOf(events);
    expect(sent).toBe(anthropicText(firstDeltas));
    expect(sent.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'overloaded',
      incomplete: true,
      delivered: sent,
      provider: 'anthropic',
    });
    expect(events.some((event) => event.type === 'fallback')).toBe(false);
    expect(upstream.calls.map((call) => call.url)).toEqual([
      '/anthropic/v1/messages',
    ]);
  });

  it('should report a cut connection mid-stream as incomplete', async () => {
    answers.anthropic = { ...anthropicStream, cutAfter: 8 };
    const events = await stream({ prompt: 'Write a haiku.' });
    const last = events.at(-1);
    expect(last).toMatchObject({
      type: 'error',
      incomplete: true,
      delivered: deltasOf(events),
    });
    expect(deltasOf(events).length).toBeGreaterThan(0);
    expect(last?.type === 'error' && last.code).toMatch(/network|server_error/);
  });

  it('should time out a stall between chunks (chunkTimeoutMs) and close the upstream', async () => {
    // Text has started after 8 chunks; then the upstream goes quiet.
    answers.anthropic = {
      ...anthropicStream,
      stall: { afterChunks: 8, ms: 5_000 },
    };
    const events = await stream({ prompt: 'Write a haiku.' });
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'timeout',
      incomplete: true,
    });
    expect(await upstream.calls[0]?.ended).toBe('closed-early');
  });

  it('should charge a key once for a finished stream and nothing for a cut one', async () => {
    const credits = 100_000_000;
    const { key, record } = await harness.store.apiKeys.create({
      name: 'stream',
      credits,
    });
    const finished = await stream({ prompt: 'Write a haiku.' }, { key });
    const end = finished.at(-1);
    if (end?.type !== 'end') throw new Error('the stream did not end');
    expect(end.cost.microCredits).toBeGreaterThan(0);
    expect(await harness.store.ledger.balance(record.id)).toMatchObject({
      balance: credits - end.cost.microCredits,
      reserved: 0,
    });

    answers.anthropic = { ...anthropicStream, cutAfter: 8 };
    const cut = await stream({ prompt: 'Write a haiku.' }, { key });
    expect(cut.at(-1)).toMatchObject({ type: 'error', incomplete: true });
    expect(await harness.store.ledger.balance(record.id)).toMatchObject({
      balance: credits - end.cost.microCredits,
      reserved: 0,
    });
    const recorded = await harness.store.generations.list({
      keyId: record.id,
      limit: 5,
    });
    expect(recorded.map((entry) => entry.status)).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it('should cancel the upstream request when the caller unsubscribes', async () => {
    answers.anthropic = { ...anthropicStream, chunkDelayMs: 100 };
    const events = await stream(
      { prompt: 'Write a haiku.' },
      { stopAfterDeltas: 1 },
    );
    expect(events.filter((event) => event.type === 'text-delta')).toHaveLength(
      1,
    );
    expect(await upstream.calls[0]?.ended).toBe('closed-early');
  });
});
