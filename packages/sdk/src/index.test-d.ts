import type { TRPCClient } from '@trpc/client';
import type { inferRouterError } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createSwitchyardClient,
  isSwitchyardError,
  type AppRouter,
  type Attempt,
  type GenerateInput,
  type GenerateMutate,
  type GenerateResult,
  type GenerateResultFor,
  type ImageResult,
  type MusicResult,
  type SpeechResult,
  type SwitchyardClient,
  type SwitchyardErrorCode,
  type TextResult,
  type VideoResult,
  type TrainingResult,
} from './index';

const client = createSwitchyardClient({ url: 'http://127.0.0.1:8787' });

describe('createSwitchyardClient', () => {
  it('should return the client type', () => {
    expectTypeOf(client).toEqualTypeOf<SwitchyardClient>();
  });

  it('should take url and optional apiKey, headers and fetch', () => {
    expectTypeOf(createSwitchyardClient)
      .parameter(0)
      .toHaveProperty('url')
      .toEqualTypeOf<string>();
    createSwitchyardClient({
      url: 'http://127.0.0.1:8787',
      apiKey: 'key',
      headers: () => Promise.resolve({ 'x-team': 'a' }),
      fetch: globalThis.fetch,
    });
    // @ts-expect-error — url is required.
    createSwitchyardClient({ apiKey: 'key' });
  });
});

describe('client.generate.mutate', () => {
  it('should narrow speech and music results by type', async () => {
    const result = await client.generate.mutate({
      type: 'speech',
      text: 'Hello.',
      voice: 'alloy',
      format: 'mp3',
    });
    expectTypeOf(result.audio.durationMs).toEqualTypeOf<number>();
    expectTypeOf(result.characters).toEqualTypeOf<number>();
    // @ts-expect-error — `images` is on an image result only.
    void result.images;
    const music = await client.generate.mutate({
      type: 'music',
      prompt: 'calm piano',
      durationMs: 10_000,
    });
    expectTypeOf(music.audio.format).toEqualTypeOf<
      'mp3' | 'wav' | 'opus' | 'aac' | 'flac' | 'pcm'
    >();
    // @ts-expect-error — speech needs `text`, not `prompt`.
    void client.generate.mutate({ type: 'speech', prompt: 'Hello.' });
  });
});

describe('client.generate.mutate narrowing', () => {
  it('should resolve to the result of the input type, with no check of result.type', async () => {
    const result = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
    });
    expectTypeOf(result).toEqualTypeOf<ImageResult>();
    expectTypeOf(result.images[0]).toEqualTypeOf<
      ImageResult['images'][number] | undefined
    >();
    expectTypeOf(result.images[0]?.base64).toEqualTypeOf<string | undefined>();
    // @ts-expect-error — `text` is on a text result only.
    void result.text;
    const text = await client.generate.mutate({
      type: 'text',
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    expectTypeOf(text).toEqualTypeOf<TextResult>();
    expectTypeOf(text.text).toEqualTypeOf<string>();
    expectTypeOf(result.attempts).toEqualTypeOf<Attempt[]>();
    expectTypeOf(result.provider).toEqualTypeOf<string>();
    expectTypeOf(result.fallbackUsed).toEqualTypeOf<boolean>();
    expectTypeOf(result.cost.microCredits).toEqualTypeOf<number>();
  });

  it('should narrow every type, and resolve to the union for an input typed as the union', async () => {
    const input = { type: 'speech', text: 'Hi.' } as GenerateInput;
    expectTypeOf(
      await client.generate.mutate(input),
    ).toEqualTypeOf<GenerateResult>();
    expectTypeOf(
      await client.generate.mutate({ type: 'speech', text: 'Hi.' }),
    ).toEqualTypeOf<SpeechResult>();
    expectTypeOf(
      await client.generate.mutate({ type: 'music', prompt: 'piano' }),
    ).toEqualTypeOf<MusicResult>();
    expectTypeOf(
      await client.generate.mutate({ type: 'video', prompt: 'a boat' }),
    ).toEqualTypeOf<VideoResult>();
    expectTypeOf<GenerateResultFor<'image' | 'text'>>().toEqualTypeOf<
      ImageResult | TextResult
    >();
  });

  it('should keep tRPC’s options and be usable where tRPC’s client is expected', () => {
    const controller = new AbortController();
    void client.generate.mutate(
      { type: 'image', prompt: 'a fox' },
      { signal: controller.signal },
    );
    expectTypeOf(client).toExtend<TRPCClient<AppRouter>>();
    expectTypeOf(client.generate.mutate).toEqualTypeOf<GenerateMutate>();
  });

  it('should check the input against the discriminated union', () => {
    expectTypeOf<GenerateInput['type']>().toEqualTypeOf<
      'image' | 'text' | 'speech' | 'music' | 'video' | 'training'
    >();
    expectTypeOf<{ type: 'image'; prompt: string }>().toExtend<GenerateInput>();
    expectTypeOf<{
      type: 'text';
      messages: Array<{ role: 'user'; content: string }>;
    }>().toExtend<GenerateInput>();
    // @ts-expect-error — an image request needs a prompt.
    void client.generate.mutate({ type: 'image' });
    // @ts-expect-error — no such type.
    void client.generate.mutate({ type: 'hologram', prompt: 'a fox' });
    // @ts-expect-error — `messages` belongs to text requests.
    void client.generate.mutate({ type: 'image', prompt: 'x', messages: [] });
  });
});

describe('client.generateBatch.mutate', () => {
  it('should type each item as a generate input and each outcome as ok with a result or not ok with an error', async () => {
    const batch = await client.generateBatch.mutate({
      items: [
        { type: 'image', prompt: 'a fox' },
        { type: 'text', prompt: 'hi', cache: { ttlMs: 1_000 } },
      ],
    });
    const [first] = batch.items;
    if (first?.ok === true) {
      expectTypeOf(first.result).toEqualTypeOf<GenerateResult>();
    } else if (first !== undefined) {
      expectTypeOf(first.error.code).toEqualTypeOf<SwitchyardErrorCode>();
      expectTypeOf(first.error.attempts).toEqualTypeOf<Attempt[] | undefined>();
    }
    const hologram = { type: 'hologram', prompt: 'x' } as const;
    // @ts-expect-error — every item is a generate input.
    void client.generateBatch.mutate({ items: [hologram] });
  });
});

describe('client.generate.mutate for video', () => {
  it('should have a result union of every type', () => {
    expectTypeOf<GenerateResult>().toEqualTypeOf<
      | ImageResult
      | TextResult
      | SpeechResult
      | MusicResult
      | VideoResult
      | TrainingResult
    >();
  });

  it('should narrow video results by type', async () => {
    const video = await client.generate.mutate({
      type: 'video',
      prompt: 'a fox running',
      durationMs: 4_000,
    });
    expectTypeOf(video.video.durationMs).toEqualTypeOf<number>();
    expectTypeOf(video.video.artifact?.expiresAt).toEqualTypeOf<
      string | undefined
    >();
  });
});

describe('client.providers', () => {
  it('should expose list and health as queries', () => {
    expectTypeOf(client.providers.list.query).toBeFunction();
    expectTypeOf(client.providers.health.query).toBeFunction();
    expectTypeOf(client.providers.health.query)
      .parameter(0)
      .toEqualTypeOf<
        { provider?: string; detailed?: boolean } | undefined | void
      >();
    // @ts-expect-error — queries have no mutate.
    void client.providers.list.mutate;
  });
});

describe('isSwitchyardError', () => {
  it('should narrow to an error with typed data', () => {
    const error: unknown = new Error('x');
    if (isSwitchyardError(error)) {
      expectTypeOf(error.data.code).toEqualTypeOf<SwitchyardErrorCode>();
      expectTypeOf(error.data.attempts).toEqualTypeOf<Attempt[] | undefined>();
      expectTypeOf(error.data.retryAfterMs).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.data).toEqualTypeOf<
        inferRouterError<AppRouter>['data']
      >();
    }
    expectTypeOf<'rate_limited'>().toExtend<SwitchyardErrorCode>();
    expectTypeOf<'invalid_request'>().toExtend<SwitchyardErrorCode>();
  });
});

describe('client listings', () => {
  it('should take no input where every field is optional', () => {
    void client.jobs.list.query();
    void client.generations.list.query();
    void client.usage.history.query();
    void client.providers.list.query();
    void client.providers.health.query();
    expectTypeOf(client.generations.list.query)
      .parameter(0)
      .toEqualTypeOf<
        { limit?: number; cursor?: string; subject?: string } | undefined | void
      >();
    // @ts-expect-error — a job needs its id.
    void client.jobs.get.query();
  });
});
