import {
  createFakeUpstream,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
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
  clientError,
  collectStream,
  configFromYaml,
  createCapturingLogger,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** A 1×1 PNG, as an OpenAI-style upstream sends images. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const MARKUP = 1.5;

function images(count: number): FakeResponse {
  return {
    type: 'json',
    body: {
      created: 1,
      data: Array.from({ length: count }, () => ({ b64_json: PNG })),
    },
  };
}

function chat(usage: {
  prompt_tokens: number;
  completion_tokens: number;
}): FakeResponse {
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
          message: { role: 'assistant', content: 'ok' },
          finish_reason: 'stop',
        },
      ],
      usage: {
        ...usage,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
      },
    },
  };
}

/** `count` CJK ideographs, rare enough that most take two tokens each. */
function rareCjk(count: number): string {
  return Array.from({ length: count }, (_, index) =>
    String.fromCharCode(0x4e00 + ((index * 7919) % 20_000)),
  ).join('');
}

/** A keyed gateway in front of a fake OpenAI-style upstream whose answers a test sets. */
function openaiGateway(extraYaml: { pricing?: string; prices?: string }) {
  const context = {
    upstream: undefined as unknown as FakeUpstream,
    harness: undefined as unknown as TestServer,
    captured: createCapturingLogger('warn'),
    answers: {
      images: images(1),
      chat: (() => chat({ prompt_tokens: 10, completion_tokens: 5 })) as (
        request: unknown,
      ) => FakeResponse | Promise<FakeResponse>,
    },
    newKey: (credits: number) =>
      createKeyedClient(context.harness, { credits }),
  };
  beforeAll(async () => {
    context.upstream = await createFakeUpstream({
      'POST /v1/images/generations': { response: () => context.answers.images },
      'POST /v1/chat/completions': {
        response: ({ request }) => context.answers.chat(request.bodyJson),
      },
    });
    context.harness = await startTestServer({
      logger: context.captured.logger,
      config: configFromYaml(`
auth: { required: true }
${extraYaml.pricing ?? ''}
providers:
  openai:
    apiKey: sk-test-money-0123456789
    baseURL: "${context.upstream.url}/v1"
${extraYaml.prices ?? ''}
routes:
  text: { targets: ["openai:gpt-4o-mini"], retry: { maxAttempts: 1 } }
  image: { targets: ["openai:dall-e-3"], retry: { maxAttempts: 1 } }
  unpriced-first:
    type: text
    targets: ["openai:o1", "openai:gpt-4o-mini"]
    retry: { maxAttempts: 1 }
  all-unpriced:
    type: text
    targets: ["openai:o1", "openai:o3"]
    retry: { maxAttempts: 1 }
`),
    });
  });
  afterAll(async () => {
    await context.harness.close();
    await context.upstream.close();
  });
  beforeEach(() => {
    context.upstream.reset();
    context.answers.images = images(1);
    context.answers.chat = () =>
      chat({ prompt_tokens: 10, completion_tokens: 5 });
  });
  return context;
}

describe('issue 11: list prices, unpriced models and holds', () => {
  const gateway = openaiGateway({});
  const newKey = (credits: number) => gateway.newKey(credits);

  describe('unpriced models', () => {
    it('should refuse a keyed call forcing an unpriced model before any provider call, naming it and how to price it', async () => {
      for (const credits of [0, 1_000_000]) {
        const { id, client } = await newKey(credits);
        const error = await clientError(
          client.generate.mutate({
            type: 'text',
            prompt: 'hi',
            provider: 'openai',
            model: 'o1',
          }),
        );
        expect(error.data).toMatchObject({
          code: 'invalid_request',
          httpStatus: 400,
        });
        expect(error.message).toContain('openai:o1');
        expect(error.message).toContain('providers.openai.prices."o1"');
        expect(error.message).toContain('pricing.unknown: free');
        const image = await clientError(
          client.generate.mutate({
            type: 'image',
            prompt: 'a fox',
            provider: 'openai',
            model: 'gpt-image-2',
          }),
        );
        expect(image.data?.code).toBe('invalid_request');
        expect(await gateway.harness.store.ledger.balance(id)).toMatchObject({
          balance: credits,
          reserved: 0,
        });
      }
      expect(gateway.upstream.calls).toHaveLength(0);
    });

    it('should refuse an unpriced model the same way in generateBatch, generateStream and jobs', async () => {
      const { id, key, client } = await newKey(0);
      const forced = {
        type: 'text' as const,
        prompt: 'hi',
        provider: 'openai',
        model: 'o1',
      };
      const batch = await client.generateBatch.mutate({ items: [forced] });
      expect(batch.items[0]).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
      const events = await collectStream(
        gateway.harness.server.url,
        forced,
        key,
      );
      expect(events.at(-1)).toMatchObject({
        type: 'error',
        code: 'invalid_request',
        incomplete: false,
      });
      const job = await client.jobs.submit.mutate(forced);
      await vi.waitFor(
        async () => {
          expect(await client.jobs.get.query({ id: job.id })).toMatchObject({
            status: 'failed',
            error: { code: 'invalid_request' },
          });
        },
        { timeout: 10_000 },
      );
      expect(gateway.upstream.calls).toHaveLength(0);
      expect(await gateway.harness.store.ledger.balance(id)).toMatchObject({
        balance: 0,
        reserved: 0,
      });
    });

    it('should skip an unpriced target of a route for a keyed call, and name every unpriced one when none is left', async () => {
      const { client } = await newKey(1_000_000);
      const served = await client.generate.mutate({
        type: 'text',
        prompt: 'hi',
        route: 'unpriced-first',
      });
      expect(served).toMatchObject({
        model: 'gpt-4o-mini',
        fallbackUsed: true,
      });
      expect(served.attempts[0]).toMatchObject({
        provider: 'openai',
        model: 'o1',
        outcome: 'skipped',
        reason: 'unpriced',
      });
      expect(gateway.upstream.calls.map((call) => call.bodyJson)).toEqual([
        expect.objectContaining({ model: 'gpt-4o-mini' }),
      ]);
      const error = await clientError(
        client.generate.mutate({
          type: 'text',
          prompt: 'hi',
          route: 'all-unpriced',
        }),
      );
      expect(error.data?.code).toBe('invalid_request');
      expect(error.message).toContain('openai:o1, openai:o3');
      expect(gateway.upstream.calls).toHaveLength(1);
    });
  });

  describe('charges never pass the hold', () => {
    it('should deliver and charge n images when an upstream returns 20 for n: 1, never past the hold', async () => {
      gateway.answers.images = images(20);
      const { id, client } = await newKey(40_000);
      const result = await client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        n: 1,
      });
      // The result check keeps the n images asked for; only they are charged.
      if (result.type !== 'image') throw new Error('expected an image result');
      expect(result.images).toHaveLength(1);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            'returned 20 images where 1 were asked for',
          ),
        }),
      ]);
      expect(result.cost).toEqual({ microCredits: 40_000 });
      expect(await gateway.harness.store.ledger.balance(id)).toEqual({
        keyId: id,
        balance: 0,
        reserved: 0,
        available: 0,
      });
      expect(
        await gateway.harness.store.generations.get(result.id),
      ).toMatchObject({ costMicroCredits: 40_000, unchargedMicroCredits: 0 });
    });

    it('should charge usage of 1e8 prompt tokens at most what was held', async () => {
      gateway.answers.chat = () =>
        chat({ prompt_tokens: 100_000_000, completion_tokens: 5 });
      const { id, client } = await newKey(10_000);
      const result = await client.generate.mutate({
        type: 'text',
        prompt: 'hi',
      });
      const charged = result.cost.microCredits;
      expect(charged).toBeGreaterThan(0);
      // What the hold covered: a few input tokens and 4,096 output tokens.
      expect(charged).toBeLessThan(4_200 * 0.6);
      expect(await gateway.harness.store.ledger.balance(id)).toMatchObject({
        balance: 10_000 - charged,
        reserved: 0,
      });
      const record = await gateway.harness.store.generations.get(result.id);
      expect(record?.unchargedMicroCredits).toBe(
        Math.ceil(100_000_000 * 0.15 + 5 * 0.6) - charged,
      );
      expect(gateway.captured.lines.join('')).toContain(
        'a call cost more than its credit hold',
      );
      // The output bound is sent to the provider, so the hold is real.
      expect(gateway.upstream.calls[0]?.bodyJson).toMatchObject({
        max_completion_tokens: 4_096,
      });
    });

    it('should hold enough for a CJK prompt whose tokens beat characters / 4', async () => {
      const prompt = rareCjk(2_000);
      const promptTokens = countTokens(prompt);
      expect(promptTokens).toBeGreaterThan(prompt.length / 4);
      const { id, client } = await newKey(1_000_000);
      let heldDuringCall = 0;
      gateway.answers.chat = async () => {
        heldDuringCall = (await gateway.harness.store.ledger.balance(id))
          .reserved;
        return chat({ prompt_tokens: promptTokens, completion_tokens: 10 });
      };
      const result = await client.generate.mutate({
        type: 'text',
        prompt,
        maxTokens: 10,
      });
      expect(result.cost.microCredits).toBe(
        Math.ceil(promptTokens * 0.15 + 10 * 0.6),
      );
      expect(heldDuringCall).toBeGreaterThanOrEqual(result.cost.microCredits);
      expect(
        await gateway.harness.store.generations.get(result.id),
      ).toMatchObject({
        unchargedMicroCredits: 0,
      });
    });
  });
});

describe('issue 11: prices in the config, with a markup', () => {
  const gateway = openaiGateway({
    pricing: `pricing: { markup: ${MARKUP} }`,
    prices: `    prices:
      gpt-4o-2024-08-06: { perInputToken: 2, perOutputToken: 8 }
      dall-e-3: { perImage: 1000 }`,
  });
  const newKey = (credits: number) => gateway.newKey(credits);

  it('should charge a model priced in the config exactly its price times the markup, and call that model', async () => {
    const { id, client } = await newKey(1_000_000);
    const text = await client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
    });
    // (10 input tokens × 2 + 5 output tokens × 8) × 1.5
    expect(text).toMatchObject({
      model: 'gpt-4o-2024-08-06',
      cost: { microCredits: 90 },
    });
    expect(gateway.upstream.calls[0]?.bodyJson).toMatchObject({
      model: 'gpt-4o-2024-08-06',
    });
    const image = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
    });
    // The config's 1000 per image wins over the list price (40,000).
    expect(image.cost).toEqual({ microCredits: 1_500 });
    expect(await gateway.harness.store.ledger.balance(id)).toEqual({
      keyId: id,
      balance: 1_000_000 - 90 - 1_500,
      reserved: 0,
      available: 1_000_000 - 90 - 1_500,
    });
  });

  it('should show in providers.list the price every servable model is charged, config-only models included', async () => {
    const { client } = await newKey(0);
    const [openai] = await client.providers.list.query();
    const models = openai?.models ?? [];
    expect(models).toContainEqual(
      expect.objectContaining({
        id: 'dall-e-3',
        kind: 'image',
        cost: { perImage: 1_500 },
        priceSource: 'config',
      }),
    );
    expect(models).toContainEqual(
      expect.objectContaining({
        id: 'gpt-4o-2024-08-06',
        kind: 'text',
        cost: { perInputToken: 3, perOutputToken: 12 },
        priceSource: 'config',
      }),
    );
    const mini = models.find(
      (model) => model.id === 'gpt-4o-mini' && model.kind === 'text',
    );
    expect(mini?.priceSource).toBe('provider');
    expect(mini?.cost?.perInputToken).toBeCloseTo(0.15 * MARKUP);
    expect(mini?.cost?.perOutputToken).toBeCloseTo(0.6 * MARKUP);
    // A model in a route with no price at all is listed without one.
    expect(models).toContainEqual(
      expect.objectContaining({ id: 'o1', kind: 'text' }),
    );
    expect(models.find((model) => model.id === 'o1')?.cost).toBeUndefined();
  });
});

describe('issue 11: pricing.unknown: free', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        response: chat({ prompt_tokens: 10, completion_tokens: 5 }),
      },
    });
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
pricing: { unknown: free }
providers:
  openai: { apiKey: sk-test-free-0123456789, baseURL: "${upstream.url}/v1" }
routes:
  text: { targets: ["openai:gpt-4o-mini"] }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  it('should serve a keyed call to an unpriced model without charging it', async () => {
    const { id, client } = await createKeyedClient(harness, { credits: 0 });
    const result = await client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      provider: 'openai',
      model: 'o1',
    });
    expect(result).toMatchObject({ model: 'o1', cost: { microCredits: 0 } });
    expect(upstream.calls[0]?.bodyJson).toMatchObject({ model: 'o1' });
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 0,
      reserved: 0,
    });
  });
});

describe('issue 11: the embedded default’s local models with keys', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
`),
    });
  });
  afterAll(() => harness.close());

  it('should serve a 0-credit key, the local models being priced at 0 (free is a price)', async () => {
    const { client } = await createKeyedClient(harness, { credits: 0 });
    const image = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      width: 64,
      height: 64,
    });
    const text = await client.generate.mutate({ type: 'text', prompt: 'hi' });
    expect([image.cost, text.cost]).toEqual([
      { microCredits: 0 },
      { microCredits: 0 },
    ]);
    const [local] = await client.providers.list.query();
    expect(local?.models.map((model) => [model.id, model.cost])).toEqual([
      ['procedural', { perImage: 0 }],
      ['echo', { perInputToken: 0, perOutputToken: 0 }],
      ['speech', { perCharacter: 0 }],
      ['music', { perSecond: 0 }],
      ['video', { perSecond: 0 }],
      ['style', { perRequest: 0 }],
    ]);
  });
});

describe('issue 11: calls without a key', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        response: chat({ prompt_tokens: 10, completion_tokens: 5 }),
      },
    });
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  openai: { apiKey: sk-test-open-0123456789, baseURL: "${upstream.url}/v1" }
routes:
  text: { targets: ["openai:gpt-4o-mini"] }
`),
    });
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  it('should serve an unpriced model to a call without a key (auth off): nothing is charged, so nothing is refused', async () => {
    const result = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      provider: 'openai',
      model: 'o1',
    });
    expect(result).toMatchObject({ model: 'o1', cost: { microCredits: 0 } });
  });
});
