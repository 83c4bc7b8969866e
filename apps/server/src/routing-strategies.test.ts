import {
  createFakeUpstream,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferred } from './__tests__/deferred';
import { runExplainCommand } from './cli/explain';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** Small images: the local provider draws them in no time. */
const SMALL = { width: 64, height: 64 };

/** A seeded PRNG (mulberry32): the same draws on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function chat(text: string): FakeResponse {
  return {
    type: 'json',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    },
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

// A busy 2-core machine (CI runs two test processes) can slow the first
// call of a server past vitest's 5 s default.
describe('routing strategies over HTTP', { timeout: 20_000 }, () => {
  let harness: TestServer;
  let upstream: FakeUpstream;
  /** The engine's clock: only the fake upstream moves it, by each answer's latency. */
  let clock = 1_000_000;
  /** Answers held by the `busy` upstream until a test releases them. */
  const held: Array<() => void> = [];

  beforeAll(async () => {
    const answerAfter = (ms: number, text: string) => () => {
      clock += ms;
      return chat(text);
    };
    upstream = await createFakeUpstream({
      'POST /slow/v1/chat/completions': {
        response: answerAfter(400, 'slow'),
      },
      'POST /quick/v1/chat/completions': {
        response: answerAfter(40, 'quick'),
      },
      'POST /busy/v1/chat/completions': {
        response: async () => {
          const release = deferred();
          held.push(() => release.resolve());
          await release.promise;
          return chat('busy');
        },
      },
      'POST /idle/v1/chat/completions': { response: chat('idle') },
    });
    const openai = (name: string) =>
      `${name}: { use: openai, apiKey: sk-${name}, baseURL: "${upstream.url}/${name}/v1" }`;
    harness = await startTestServer({
      routing: { now: () => clock, random: seededRandom(42) },
      config: configFromYaml(`
auth: { required: false }
providers:
  ${openai('slow')}
  ${openai('quick')}
  ${openai('busy')}
  ${openai('idle')}
  heavy: { use: local, prices: { procedural: { perImage: 900 } }, tiers: { procedural: { quality: premium, speed: relaxed } } }
  mid: { use: local, prices: { procedural: { perImage: 500 } }, tiers: { procedural: { quality: standard, speed: standard } } }
  light: { use: local, prices: { procedural: { perImage: 100 } }, tiers: { procedural: { quality: draft, speed: fast } } }
  broken: { use: local, prices: { procedural: { perImage: 50 } }, faults: { rate: 1, code: server_error } }
  a: { use: local }
  b: { use: local }
routes:
  image:
    strategy: cheapest
    targets: ["heavy:procedural", "mid:procedural", "light:procedural"]
  cheap-first:
    type: image
    strategy: cheapest
    retry: { maxAttempts: 1 }
    targets: ["heavy:procedural", "broken:procedural", "mid:procedural"]
  text: { targets: ["a:echo"] }
  shares:
    type: text
    strategy: weighted
    weights: { "a:echo": 3, "b:echo": 1 }
    targets: ["a:echo", "b:echo"]
  fastest:
    type: text
    strategy: fastest
    fastest: { minSamples: 3 }
    targets: ["slow:gpt-4o-mini", "quick:gpt-4o-mini"]
  least-busy:
    type: text
    strategy: least-busy
    targets: ["busy:gpt-4o-mini", "idle:gpt-4o-mini"]
`),
    });
  });

  afterAll(async () => {
    for (const release of held) release();
    await harness?.close();
    await upstream?.close();
  });

  it('cheapest: serves the cheapest target, falling back in ascending price', async () => {
    const result = await harness.client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      ...SMALL,
    });
    expect(result.provider).toBe('light');

    const fallen = await harness.client.generate.mutate({
      type: 'image',
      route: 'cheap-first',
      prompt: 'a fox',
      ...SMALL,
    });
    expect(fallen.attempts.map((attempt) => attempt.provider)).toEqual([
      'broken',
      'mid',
    ]);
    expect(fallen.provider).toBe('mid');
  });

  it(
    'weighted: shares calls by weight under a seeded random',
    { timeout: 30_000 },
    async () => {
      const served: string[] = [];
      // 1000 calls, 100 to a batch (each item is routed like a generate call).
      for (let batch = 0; batch < 10; batch += 1) {
        const { items } = await harness.client.generateBatch.mutate({
          items: Array.from({ length: 100 }, () => ({
            type: 'text' as const,
            route: 'shares',
            prompt: 'hi',
          })),
        });
        for (const item of items) {
          if (!item.ok) throw new Error('a batch item failed');
          served.push(item.result.provider);
        }
      }
      const share = (countBy(served).a ?? 0) / served.length;
      // 3:1 is 75%; ±6 points is over four standard deviations at 1000 calls.
      expect(share).toBeGreaterThan(0.69);
      expect(share).toBeLessThan(0.81);
    },
  );

  it('fastest: measures each target, then sends calls to the faster one', async () => {
    const served: string[] = [];
    for (let call = 0; call < 16; call += 1) {
      const result = await harness.client.generate.mutate({
        type: 'text',
        route: 'fastest',
        prompt: 'hi',
      });
      served.push(result.provider);
    }
    // Three calls measure the first listed target, three the second...
    expect(served.slice(0, 6)).toEqual([
      'slow',
      'slow',
      'slow',
      'quick',
      'quick',
      'quick',
    ]);
    // ...then the faster one takes every call.
    expect(new Set(served.slice(6))).toEqual(new Set(['quick']));
    const explained = await harness.client.routes.explain.query({
      type: 'text',
      route: 'fastest',
      prompt: 'hi',
    });
    expect(explained.first).toBe('quick:gpt-4o-mini');
    expect(explained.targets[0]?.expectedLatencyMs).toBe(40);
    expect(explained.targets[1]?.expectedLatencyMs).toBe(400);
  });

  it('least-busy: a call goes where fewer calls are in flight', async () => {
    const first = harness.client.generate.mutate({
      type: 'text',
      route: 'least-busy',
      prompt: 'hi',
    });
    await waitFor(() => held.length === 1);
    const second = await harness.client.generate.mutate({
      type: 'text',
      route: 'least-busy',
      prompt: 'hi',
    });
    expect(second.provider).toBe('idle');
    held.shift()?.();
    expect((await first).provider).toBe('busy');
    // Nothing in flight: back to the listed order.
    const third = harness.client.generate.mutate({
      type: 'text',
      route: 'least-busy',
      prompt: 'hi',
    });
    await waitFor(() => held.length === 1);
    held.shift()?.();
    expect((await third).provider).toBe('busy');
  });

  it('requirements: skip the targets that cannot meet them, saying which requirement', async () => {
    const premium = await harness.client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      ...SMALL,
      requirements: { quality: 'premium' },
    });
    expect(premium.provider).toBe('heavy');
    // Excluded targets rank last: the call never reached them.
    expect(premium.fallbackUsed).toBe(false);
    const explained = await harness.client.routes.explain.query({
      type: 'image',
      prompt: 'a fox',
      ...SMALL,
      requirements: { quality: 'premium' },
    });
    expect(
      explained.targets.map((target) => [target.target, target.skip?.reason]),
    ).toEqual([
      ['heavy:procedural', undefined],
      ['mid:procedural', 'requirement-unmet'],
      ['light:procedural', 'requirement-unmet'],
    ]);
    expect(explained.targets[2]?.skip?.message).toMatch(/quality/);

    const capped = await harness.client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      ...SMALL,
      requirements: { budget: 600, quality: 'standard' },
    });
    expect(capped.provider).toBe('mid');

    const error = await clientError(
      harness.client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        ...SMALL,
        requirements: { speed: 'fast', budget: 'low', quality: 'premium' },
      }),
    );
    expect(error.message).toMatch(
      /heavy:procedural skipped \(requirement-unmet: [^)]*speed/,
    );
    expect(error.message).toMatch(
      /light:procedural skipped \(requirement-unmet: [^)]*quality/,
    );
    expect(error.message).toMatch(
      /mid:procedural skipped \(requirement-unmet: [^)]*quality[^)]*speed/,
    );
  });

  it('requirements: maxLatencyMs skips a target measured slower', async () => {
    for (const provider of [
      'slow',
      'quick',
      'slow',
      'quick',
      'slow',
      'quick',
    ]) {
      await harness.client.generate.mutate({
        type: 'text',
        route: 'fastest',
        prompt: 'measure',
        provider,
      });
    }
    const result = await harness.client.generate.mutate({
      type: 'text',
      route: 'fastest',
      prompt: 'hi',
      providers: ['slow', 'quick'],
      requirements: { maxLatencyMs: 100 },
    });
    expect(result.provider).toBe('quick');
    expect(result.fallbackUsed).toBe(false);
    const explained = await harness.client.routes.explain.query({
      type: 'text',
      route: 'fastest',
      prompt: 'hi',
      providers: ['slow', 'quick'],
      requirements: { maxLatencyMs: 100 },
    });
    expect(explained.first).toBe('quick:gpt-4o-mini');
    expect(explained.targets[1]).toMatchObject({
      target: 'slow:gpt-4o-mini',
      included: false,
      skip: {
        reason: 'requirement-unmet',
        message: expect.stringMatching(/^maxLatencyMs: measured 400 ms/),
      },
    });
  });
});

describe('routes.explain', { timeout: 20_000 }, () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  dear: { use: local, prices: { procedural: { perImage: 5000 } } }
  fair: { use: local, prices: { procedural: { perImage: 300 } } }
  cheap: { use: local, prices: { procedural: { perImage: 100 } } }
  free: { use: openai, apiKey: sk-free, baseURL: "http://127.0.0.1:9/v1" }
  sick: { use: local, prices: { procedural: { perImage: 10 } }, faults: { rate: 1, code: server_error } }
routes:
  image:
    strategy: cheapest
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1 }
    targets: ["dear:procedural", "fair:procedural", "cheap:procedural", "free:my-image-model", "sick:procedural"]
`),
    });
  });

  afterAll(() => harness?.close());

  it('agrees with what the following call did, and holds, calls and counts nothing', async () => {
    const { client, id } = await createKeyedClient(harness, {
      credits: 1_000,
      limits: { providers: ['dear', 'fair', 'sick', 'free'], perMinute: 2 },
    });
    // Open sick's breaker: one failed call (it falls back to fair).
    await client.generate.mutate({ type: 'image', prompt: 'warm up' });
    const before = await harness.store.ledger.balance(id);

    const input = { type: 'image' as const, prompt: 'a fox', ...SMALL };
    for (let asked = 0; asked < 3; asked += 1) {
      await client.routes.explain.query(input);
    }
    const explained = await client.routes.explain.query(input);
    expect(await harness.store.ledger.balance(id)).toEqual(before);
    expect(explained).toMatchObject({
      route: 'image',
      strategy: 'cheapest',
      first: 'fair:procedural',
    });
    const byTarget = Object.fromEntries(
      explained.targets.map((target) => [target.target, target]),
    );
    expect(byTarget['fair:procedural']).toMatchObject({
      included: true,
      rank: 1,
      estimatedCostMicroCredits: 300,
    });
    expect(byTarget['sick:procedural']?.skip?.reason).toBe('breaker-open');
    expect(byTarget['cheap:procedural']?.skip?.reason).toBe('not-allowed');
    expect(byTarget['free:my-image-model']?.skip?.reason).toBe('unpriced');
    expect(byTarget['dear:procedural']?.skip?.reason).toBe('budget');

    // The real call (the key's second of two per minute: explain counted none).
    const result = await client.generate.mutate(input);
    expect(`${result.provider}:${result.model}`).toBe(explained.first);
    const skipped = Object.fromEntries(
      result.attempts
        .filter((attempt) => attempt.outcome === 'skipped')
        .map((attempt) => [
          `${attempt.provider}:${attempt.model}`,
          attempt.reason,
        ]),
    );
    const explainedSkips = Object.fromEntries(
      explained.targets
        .filter((target) => target.skip !== undefined)
        .filter((target) =>
          result.attempts.some(
            (attempt) =>
              `${attempt.provider}:${attempt.model}` === target.target,
          ),
        )
        .map((target) => [target.target, target.skip?.reason]),
    );
    expect(skipped).toEqual(explainedSkips);
    expect(Object.keys(skipped).length).toBeGreaterThanOrEqual(2);
  });

  it('is what `switchyard explain` prints', async () => {
    const { key } = await createKeyedClient(harness, { credits: 1_000_000 });
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runExplainCommand({
      argv: ['--url', harness.server.url, '--type', 'image', '--prompt', 'x'],
      environment: { SWITCHYARD_API_KEY: key },
      output: {
        out: (line) => out.push(line),
        error: (line) => errors.push(line),
      },
    });
    expect({ code, errors }).toEqual({ code: 0, errors: [] });
    expect(out[0]).toBe('route image (image), strategy cheapest');
    expect(out[1]).toMatch(/^a call would try \w+:procedural first$/);
    expect(out.join('\n')).toMatch(
      /free:my-image-model {2}skipped \(unpriced\)/,
    );

    const refused = await runExplainCommand({
      argv: ['--url', harness.server.url, '--json', '{"type":"image"}'],
      environment: { SWITCHYARD_API_KEY: key },
      output: {
        out: (line) => out.push(line),
        error: (line) => errors.push(line),
      },
    });
    expect(refused).toBe(1);
    expect(errors.join('\n')).toMatch(/answered 400/);
  });

  it('refuses a route the key may not use, like generate', async () => {
    const { client } = await createKeyedClient(harness, {
      credits: 1_000,
      limits: { routes: ['text'] },
    });
    const error = await clientError(
      client.routes.explain.query({ type: 'image', prompt: 'a fox' }),
    );
    expect(error.data?.trpcCode).toBe('FORBIDDEN');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
