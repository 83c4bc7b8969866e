import {
  createFakeUpstream,
  fixtureResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collectStream,
  configFromYaml,
  createCapturingLogger,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const chatAnswer = fixtureResponse('openai/chat-completions.success.json');
const chatStream = fixtureResponse(
  'openai/chat-completions.stream.txt',
) as FakeSseResponse;

/** The text a recorded OpenAI chat stream carries, from its deltas. */
function openaiText(chunks: string[]): string {
  return chunks
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('data: {'))
    .map(
      (line) =>
        JSON.parse(line.slice(6)) as {
          choices?: Array<{ delta?: { content?: string | null } }>;
        },
    )
    .map((event) => event.choices?.[0]?.delta?.content ?? '')
    .join('');
}

/** Prices per call, in micro-credits: the hedge winner's and the loser's differ. */
const SLOW_PRICE = 100;
const FAST_PRICE = 300;

describe('issue 16: hedging and the first-token timeout', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  const captured = createCapturingLogger('info');
  /** Releases every answer the slow upstream holds (at the end, so nothing hangs). */
  let releaseSlow: () => void = () => undefined;
  const slowReleased = new Promise<void>((resolve) => {
    releaseSlow = resolve;
  });

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      // Holds its answer until the test ends: it never wins.
      'POST /slow/v1/chat/completions': {
        response: async () => {
          await slowReleased;
          return chatAnswer;
        },
      },
      'POST /fast/v1/chat/completions': { response: chatAnswer },
      // Sends its SSE headers, then no chunk for a minute.
      'POST /silent/v1/chat/completions': {
        response: { ...chatStream, stall: { afterChunks: 0, ms: 60_000 } },
      },
      'POST /talk/v1/chat/completions': { response: chatStream },
    });
    const base = upstream.url;
    const priced = (price: number) =>
      `prices: { gpt-4o-mini: { perRequest: ${price} } }`;
    harness = await startTestServer({
      logger: captured.logger,
      config: configFromYaml(`
auth: { required: true }
providers:
  slow: { use: openai, apiKey: sk-slow-test, baseURL: "${base}/slow/v1", ${priced(SLOW_PRICE)} }
  fast: { use: openai, apiKey: sk-fast-test, baseURL: "${base}/fast/v1", ${priced(FAST_PRICE)} }
  silent: { use: openai, apiKey: sk-silent-test, baseURL: "${base}/silent/v1", ${priced(10)} }
  talk: { use: openai, apiKey: sk-talk-test, baseURL: "${base}/talk/v1", ${priced(10)} }
routes:
  text:
    targets: ["slow:gpt-4o-mini", "fast:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    timeoutMs: 2000
    hedge: { afterMs: 50 }
  first-token:
    type: text
    targets: ["silent:gpt-4o-mini", "talk:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
    timeoutMs: 2000
    firstTokenTimeoutMs: 300
`),
    });
  });
  afterAll(async () => {
    releaseSlow();
    await harness.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
  });

  /** The upstream call to the instance whose path starts with `/name/`. */
  const callTo = (name: string) =>
    upstream.calls.find((call) => call.url.startsWith(`/${name}/`));

  it('should serve a hedge that wins on a slow first target, charging the key once, the winner’s price', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: 10_000,
    });
    const result = await client.generate.mutate({ type: 'text', prompt: 'hi' });

    expect(result).toMatchObject({
      provider: 'fast',
      fallbackUsed: true,
      cost: { microCredits: FAST_PRICE },
    });
    expect(await harness.store.ledger.balance(id)).toEqual({
      keyId: id,
      balance: 10_000 - FAST_PRICE,
      reserved: 0,
      available: 10_000 - FAST_PRICE,
    });
    const attempts = [
      expect.objectContaining({
        provider: 'slow',
        outcome: 'error',
        code: 'cancelled',
        gatewayCostMicroCredits: SLOW_PRICE,
      }),
      expect.objectContaining({
        provider: 'fast',
        outcome: 'success',
        hedged: true,
      }),
    ];
    expect(result.attempts).toEqual(attempts);
    // The slow upstream saw its request dropped, not answered.
    await expect(callTo('slow')?.ended).resolves.toBe('closed-early');
    const record = await client.generations.get.query({ id: result.id });
    expect(record).toMatchObject({ status: 'succeeded', provider: 'fast' });
    expect(record.attempts).toEqual(attempts);
    const hedgeLost = captured.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'hedge lost');
    expect(hedgeLost).toEqual([
      expect.objectContaining({
        id: result.id,
        provider: 'slow',
        gatewayCostMicroCredits: SLOW_PRICE,
      }),
    ]);
  });

  it('should fall back from a stream that sends no first token in time, delivering the whole text from the next target', async () => {
    const { key } = await createKeyedClient(harness, { credits: 10_000 });
    const events = await collectStream(
      harness.server.url,
      { type: 'text', prompt: 'hi', route: 'first-token' },
      key,
    );

    const fallbackAt = events.findIndex((event) => event.type === 'fallback');
    expect(events[fallbackAt]).toEqual({
      type: 'fallback',
      from: { provider: 'silent', model: 'gpt-4o-mini' },
      to: { provider: 'talk', model: 'gpt-4o-mini' },
      reason: 'timeout',
    });
    const firstText = events.findIndex((event) => event.type === 'text-delta');
    expect(firstText).toBeGreaterThan(fallbackAt);
    const text = events
      .map((event) => (event.type === 'text-delta' ? event.text : ''))
      .join('');
    expect(text).toBe(openaiText(chatStream.chunks));
    const end = events.at(-1);
    expect(end).toMatchObject({
      type: 'end',
      provider: 'talk',
      fallbackUsed: true,
    });
    if (end?.type !== 'end') throw new Error('expected the stream to end');
    expect(end.attempts[0]).toMatchObject({
      provider: 'silent',
      code: 'timeout',
    });
    expect(end.attempts[0]?.message).toContain(
      "no first token within 300 ms (the route's firstTokenTimeoutMs)",
    );
    await expect(callTo('silent')?.ended).resolves.toBe('closed-early');
  });
});
