import { describe, expect, it } from 'vitest';
import { RouteFailedError } from '../errors/route-failed-error';
import type { Model, TextStreamPart } from '../provider/contract';
import { PNG_16X16 } from '../__tests__/image-samples';
import { testRoute } from '../__tests__/scripted-models';
import { createRoutingEngine } from './engine';

const imageCapabilities = {
  maxImagesPerCall: 4,
  sizes: ['512x512'],
  seed: false,
  negativePrompt: false,
};

/** An image model that answers `result`, whatever it is. */
const imageModel = (provider: string, result: unknown): Model => ({
  kind: 'image',
  provider,
  modelId: `${provider}-model`,
  capabilities: imageCapabilities,
  generate: () => Promise.resolve(result as never),
});

/** A text model that streams `parts`, and answers `result` to generate. */
const textModel = (
  provider: string,
  options: { result?: unknown; parts?: unknown[] },
): Model => ({
  kind: 'text',
  provider,
  modelId: `${provider}-model`,
  capabilities: { streaming: true, seed: false },
  generate: () => Promise.resolve(options.result as never),
  stream: () =>
    Promise.resolve({
      warnings: [],
      parts: {
        [Symbol.asyncIterator]: () => {
          const parts = [...(options.parts ?? [])] as TextStreamPart[];
          return {
            next: () =>
              Promise.resolve(
                parts.length === 0
                  ? { done: true as const, value: undefined }
                  : {
                      done: false as const,
                      value: parts.shift() as TextStreamPart,
                    },
              ),
          };
        },
      },
    }),
});

const oneAttempt = {
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
};

describe('the engine checks every result', () => {
  it('should fall back from a target whose image result is empty, with invalid_response in its attempt', async () => {
    const models: Record<string, Model> = {
      a: imageModel('a', { images: [], warnings: [] }),
      b: imageModel('b', {
        images: [{ base64: PNG_16X16, mimeType: 'image/png' }],
        warnings: [],
      }),
    };
    const engine = createRoutingEngine({
      resolveModel: (target) => models[target.instance] as Model,
    });
    const call = await engine.executeImage({
      route: testRoute(['a', 'b'], oneAttempt),
      request: { prompt: 'a fox' },
    });
    expect(call.provider).toBe('b');
    expect(call.attempts.map((attempt) => attempt.code)).toEqual([
      'invalid_response',
      undefined,
    ]);
    expect(call.value.images[0]).toMatchObject({ width: 16, height: 16 });
  });

  it('should fail a text result without a finish reason with invalid_response', async () => {
    const engine = createRoutingEngine({
      resolveModel: () =>
        textModel('a', { result: { text: 'hi', usage: {}, warnings: [] } }),
    });
    const error: unknown = await engine
      .executeText({
        route: testRoute(['a'], { ...oneAttempt, kind: 'text' }),
        request: { prompt: 'hi' },
      })
      .catch((thrown: unknown) => thrown);
    expect(RouteFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_response' });
  });

  it('should fall back from a stream that ends before any part, and make a stream that stops early throw', async () => {
    const delta = { type: 'text-delta', text: 'Hello' };
    const models: Record<string, Model> = {
      a: textModel('a', { parts: [] }),
      b: textModel('b', { parts: [delta] }),
    };
    const engine = createRoutingEngine({
      resolveModel: (target) => models[target.instance] as Model,
    });
    const call = await engine.executeTextStream({
      route: testRoute(['a', 'b'], { ...oneAttempt, kind: 'text' }),
      request: { prompt: 'hi' },
    });
    expect(call.provider).toBe('b');
    expect(call.attempts[0]?.code).toBe('invalid_response');
    expect(call.value.first).toEqual(delta);
    await expect(call.value.rest.next()).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });
});
