import {
  RouteFailedError,
  SwitchyardError,
  createRoute,
  createRoutingEngine,
  imageResultSchema,
  toImageResult,
  type ImageModel,
  type Model,
} from '@switchyard/core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  describeModelConformance,
  describeProviderConformance,
} from '@switchyard/testing/conformance';
import * as packageExports from './index';
import { createLocal, switchyardProvider } from './index';

function decode(base64: string | undefined): PNG {
  return PNG.sync.read(Buffer.from(base64 ?? '', 'base64'));
}

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error)) {
    throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  }
  return error;
}

describe('procedural', () => {
  const model = createLocal().imageModel('procedural');

  it('should draw a real PNG of the requested size', async () => {
    const result = await model.generate(
      { prompt: 'a red fox', width: 96, height: 40 },
      {},
    );
    const image = result.images[0];
    expect(image).toMatchObject({
      mimeType: 'image/png',
      width: 96,
      height: 40,
    });
    const png = decode(image?.base64);
    expect([png.width, png.height]).toEqual([96, 40]);
  });

  it('should draw 512×512 when the request gives no size', async () => {
    const result = await model.generate({ prompt: 'a red fox' }, {});
    const png = decode(result.images[0]?.base64);
    expect([png.width, png.height]).toEqual([512, 512]);
  });

  it('should follow an aspect ratio with 512 on the long side', async () => {
    const result = await model.generate(
      { prompt: 'a red fox', aspectRatio: '16:9' },
      {},
    );
    const png = decode(result.images[0]?.base64);
    expect([png.width, png.height]).toEqual([512, 288]);
  });

  it('should give the same bytes for the same prompt, seed and size', async () => {
    const request = { prompt: 'a red fox', width: 64, height: 64, seed: 9 };
    const first = await model.generate(request, {});
    const second = await createLocal()
      .imageModel('procedural')
      .generate(request, {});
    expect(second.images[0]?.base64).toBe(first.images[0]?.base64);
  });

  it('should give different images for a different seed, prompt or negative prompt', async () => {
    const base = { prompt: 'a red fox', width: 64, height: 64, seed: 9 };
    const variants = [
      base,
      { ...base, seed: 10 },
      { ...base, prompt: 'a blue fox' },
      { ...base, negativePrompt: 'blur' },
    ];
    const images = await Promise.all(
      variants.map(async (request) => {
        const result = await model.generate(request, {});
        return result.images[0]?.base64;
      }),
    );
    expect(new Set(images).size).toBe(variants.length);
  });

  it('should return n distinct images with consecutive seeds', async () => {
    const result = await model.generate(
      { prompt: 'a red fox', width: 32, height: 32, n: 3, seed: 100 },
      {},
    );
    expect(result.images.map((image) => image.seed)).toEqual([100, 101, 102]);
    expect(new Set(result.images.map((image) => image.base64)).size).toBe(3);
  });

  it('should refuse a size larger than it draws with invalid_request', async () => {
    const error = await rejection(
      model.generate({ prompt: 'a red fox', width: 4096, height: 512 }, {}),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('2048');
  });

  it('should warn about each setting it ignores instead of dropping it silently', async () => {
    const result = await model.generate(
      { prompt: 'a red fox', width: 16, height: 16, steps: 30, guidance: 7 },
      {},
    );
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'steps',
      'guidance',
    ]);
  });

  it('should produce a result that parses with the published output schema', async () => {
    const modelResult = await model.generate(
      { prompt: 'a red fox', width: 16, height: 16 },
      {},
    );
    const result = toImageResult(
      {
        value: modelResult,
        provider: 'local',
        model: 'procedural',
        fallbackUsed: false,
        attempts: [
          {
            provider: 'local',
            model: 'procedural',
            outcome: 'success',
            latencyMs: 1,
          },
        ],
        latencyMs: 1,
      },
      { id: 'gen_1', microCredits: 0 },
    );
    expect(imageResultSchema.safeParse(result).success).toBe(true);
  });
});

describe('echo', () => {
  const model = createLocal().textModel('echo');

  it('should echo the last user message with word counts as usage', async () => {
    const result = await model.generate(
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hello there' },
        ],
      },
      {},
    );
    expect(result).toMatchObject({
      text: 'echo: hello there',
      finishReason: 'stop',
      usage: { inputTokens: 4, outputTokens: 3, totalTokens: 7 },
    });
  });

  it('should stop at maxTokens words with finish reason length', async () => {
    const result = await model.generate(
      { prompt: 'one two three four', maxTokens: 3 },
      {},
    );
    expect(result).toMatchObject({
      text: 'echo: one two',
      finishReason: 'length',
    });
  });

  it('should cut the answer at a stop sequence', async () => {
    const result = await model.generate(
      { prompt: 'first. second', stop: ['.'] },
      {},
    );
    expect(result.text).toBe('echo: first');
  });

  it('should stream the same answer a word at a time, then its finish and usage', async () => {
    const request = { prompt: 'one two three four', maxTokens: 3 };
    const streamed = await model.stream?.(request, {});
    if (streamed === undefined) throw new Error('echo should stream');
    const parts = [];
    for await (const part of streamed.parts) parts.push(part);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'echo:' },
      { type: 'text-delta', text: ' one' },
      { type: 'text-delta', text: ' two' },
      {
        type: 'text-end',
        finishReason: 'length',
        usage: (await model.generate(request, {})).usage,
        modelId: 'echo',
      },
    ]);
  });

  it('should warn that temperature is ignored', async () => {
    const result = await model.generate({ prompt: 'hi', temperature: 1.5 }, {});
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported-setting',
        setting: 'temperature',
      }),
    ]);
  });
});

describe('faults', () => {
  it('should fail every call with the configured code, status and Retry-After', async () => {
    const local = createLocal({
      name: 'busy',
      faults: { rate: 1, code: 'rate_limited', retryAfterMs: 2_000 },
    });
    const error = await rejection(
      local.textModel('echo').generate({ prompt: 'hi' }, {}),
    );
    expect(error).toMatchObject({
      code: 'rate_limited',
      provider: 'busy',
      statusCode: 429,
      retryAfterMs: 2_000,
    });
    expect(error.message).toContain('providers.busy.faults');
  });

  it('should fail the share of calls given by rate', async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    const local = createLocal({
      faults: { rate: 0.5 },
      random: () => draws.shift() ?? 0,
    });
    const model = local.textModel('echo');
    const outcomes = [];
    for (let call = 0; call < 4; call += 1) {
      outcomes.push(
        await model.generate({ prompt: 'hi' }, {}).then(
          () => 'ok',
          (error: SwitchyardError) => error.code,
        ),
      );
    }
    expect(outcomes).toEqual(['server_error', 'ok', 'server_error', 'ok']);
  });

  it('should end an injected delay with cancelled when the call is aborted', async () => {
    const local = createLocal({ faults: { rate: 0, latencyMs: 60_000 } });
    const controller = new AbortController();
    const call = local
      .imageModel('procedural')
      .generate(
        { prompt: 'a fox', width: 16, height: 16 },
        { signal: controller.signal },
      );
    controller.abort();
    const error = await rejection(call);
    expect(error).toMatchObject({ code: 'cancelled', provider: 'local' });
  });

  it('should let a route fall back from a failing local instance to a healthy one', async () => {
    const instances = new Map([
      [
        'flaky',
        createLocal({
          name: 'flaky',
          faults: { rate: 1, code: 'server_error' },
        }),
      ],
      ['local', createLocal()],
    ]);
    const engine = createRoutingEngine({
      resolveModel: (target, kind): Model => {
        const provider = instances.get(target.instance);
        if (provider === undefined) throw new Error(`no ${target.instance}`);
        return kind === 'image'
          ? provider.imageModel(target.model)
          : provider.textModel(target.model);
      },
    });
    const route = createRoute({
      name: 'image',
      settings: {
        targets: ['flaky:procedural', 'local:procedural'],
        retry: { maxAttempts: 1 },
      },
    });
    const result = await engine.executeImage({
      route,
      request: { prompt: 'a fox', width: 16, height: 16 },
    });
    expect(result).toMatchObject({ provider: 'local', fallbackUsed: true });
    expect(
      result.attempts.map((attempt) => [attempt.provider, attempt.code]),
    ).toEqual([
      ['flaky', 'server_error'],
      ['local', undefined],
    ]);

    const onlyFlaky = createRoute({
      name: 'image',
      settings: { targets: ['flaky:procedural'], retry: { maxAttempts: 1 } },
    });
    const failure: unknown = await engine
      .executeImage({ route: onlyFlaky, request: { prompt: 'a fox' } })
      .catch((error: unknown) => error);
    expect(RouteFailedError.isInstance(failure)).toBe(true);
  });
});

describe('createLocal', () => {
  it('should answer an unknown model with not_found naming the models it has', () => {
    const local = createLocal();
    let error: unknown;
    try {
      local.imageModel('flux');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'not_found' });
    expect((error as Error).message).toContain('procedural');
  });

  it('should reject settings it does not know, naming the key', () => {
    const parsed = switchyardProvider.settingsSchema.safeParse({
      faults: { rate: 2 },
      colour: 'red',
    });
    expect(parsed.success).toBe(false);
    expect(
      parsed.error?.issues.map((issue) => issue.path.join('.')).sort(),
    ).toEqual(['', 'faults.rate']);
  });

  it('should name its models after the instance the server creates', () => {
    const provider = switchyardProvider.create(
      { faults: { rate: 0 } },
      { instanceName: 'spare' },
    );
    const model: ImageModel = provider.imageModel('procedural');
    expect(model.provider).toBe('spare');
    expect(
      provider.listModels().map((info) => [info.id, info.kind, info.cost]),
    ).toEqual([
      ['procedural', 'image', { perImage: 0 }],
      ['echo', 'text', { perInputToken: 0, perOutputToken: 0 }],
      ['speech', 'speech', { perCharacter: 0 }],
      ['music', 'music', { perSecond: 0 }],
      ['video', 'video', { perSecond: 0 }],
      ['style', 'training', { perRequest: 0 }],
    ]);
    expect(provider.listModels().map((info) => info.tier)).toEqual(
      Array.from({ length: 6 }, () => ({ quality: 'draft', speed: 'fast' })),
    );
    expect(provider.speechModel?.('speech').provider).toBe('spare');
    expect(provider.musicModel?.('music').provider).toBe('spare');
    expect(provider.videoModel?.('video').provider).toBe('spare');
    expect(provider.trainingModel?.('style').provider).toBe('spare');
    expect(switchyardProvider.features).toEqual(
      expect.arrayContaining([
        'speech',
        'music',
        'video',
        'image-edit',
        'training',
      ]),
    );
  });

  it('should answer an unknown speech or music model with not_found', () => {
    const local = createLocal();
    for (const lookUp of [
      () => local.speechModel?.('tts-1'),
      () => local.musicModel?.('musicgen'),
    ]) {
      expect(lookUp).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });
});

describeProviderConformance({
  packageName: '@switchyard/providers-local',
  exports: packageExports,
  create: () => createLocal(),
  image: {
    modelId: 'procedural',
    request: { prompt: 'a fox', width: 32, height: 32 },
  },
  text: { modelId: 'echo', request: { prompt: 'hello' } },
});

const local = createLocal();
const listModels = () => local.listModels();
describeModelConformance({
  name: 'local speech',
  kind: 'speech',
  modelId: 'speech',
  model: () => createLocal().speechModel('speech'),
  request: { text: 'Hello from the local speech model.', format: 'wav' },
  // Thousands of characters: seconds of synthesis in a worker thread.
  slowRequest: { text: 'Still talking. '.repeat(250) },
  listModels,
});
describeModelConformance({
  name: 'local music',
  kind: 'music',
  modelId: 'music',
  model: () => createLocal().musicModel('music'),
  request: { prompt: 'a calm tune', durationMs: 1_500, format: 'wav' },
  slowRequest: { prompt: 'a long calm tune', durationMs: 60_000 },
  listModels,
});
const solidPng = (value: number) => {
  const image = new PNG({ width: 24, height: 16 });
  image.data.fill(value);
  return PNG.sync.write(image).toString('base64');
};
describeModelConformance({
  name: 'local image edit',
  kind: 'image',
  modelId: 'procedural',
  model: () => createLocal().imageModel('procedural'),
  request: {
    prompt: 'paint it',
    referenceImages: [{ base64: solidPng(40), mimeType: 'image/png' }],
    mask: { base64: solidPng(255), mimeType: 'image/png' },
  },
  otherReference: { base64: solidPng(200), mimeType: 'image/png' },
  listModels,
});

describe('probe', () => {
  it('should answer at once, even on an instance whose calls all fail', async () => {
    const local = createLocal({ faults: { rate: 1, code: 'server_error' } });
    await expect(
      local.probe?.({ signal: new AbortController().signal }),
    ).resolves.toBe(undefined);
  });
});
