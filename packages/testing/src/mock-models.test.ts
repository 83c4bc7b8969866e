import type { ImageModelResult, TextModelResult } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { MockImageModel } from './mock-image-model';
import { MockTextModel } from './mock-text-model';

const IMAGE_RESULT: ImageModelResult = {
  images: [{ base64: 'iVBORw0KGgo=', mimeType: 'image/png' }],
  warnings: [],
};
const TEXT_RESULT: TextModelResult = {
  text: 'hello',
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1 },
  warnings: [],
};

describe('MockImageModel', () => {
  it('should identify as the mock provider and model by default', () => {
    const model = new MockImageModel();
    expect(model).toMatchObject({
      kind: 'image',
      provider: 'mock-provider',
      modelId: 'mock-model',
    });
    expect(model.capabilities.maxImagesPerCall).toBeGreaterThan(0);
  });

  it('should throw "not implemented" when no generate was given', async () => {
    await expect(
      new MockImageModel().generate({ prompt: 'a cat' }, {}),
    ).rejects.toThrow(/MockImageModel.generate is not implemented/);
  });

  it('should run the given generate and record each call', async () => {
    const controller = new AbortController();
    const model = new MockImageModel({
      provider: 'p1',
      modelId: 'm1',
      generate: (request) =>
        Promise.resolve({ ...IMAGE_RESULT, modelId: request.prompt }),
    });
    const result = await model.generate(
      { prompt: 'a cat' },
      { signal: controller.signal },
    );
    expect(result.modelId).toBe('a cat');
    expect(model.calls).toEqual([
      { request: { prompt: 'a cat' }, options: { signal: controller.signal } },
    ]);
  });

  it('should return a fixed result, a fresh copy each time', async () => {
    const model = new MockImageModel({ generate: IMAGE_RESULT });
    const first = await model.generate({ prompt: 'a' }, {});
    first.images.length = 0;
    const second = await model.generate({ prompt: 'b' }, {});
    expect(second).toEqual(IMAGE_RESULT);
  });
});

describe('MockTextModel', () => {
  it('should identify as the mock provider and model by default', () => {
    expect(new MockTextModel()).toMatchObject({
      kind: 'text',
      provider: 'mock-provider',
      modelId: 'mock-model',
    });
  });

  it('should throw "not implemented" when no generate was given', async () => {
    await expect(
      new MockTextModel().generate({ prompt: 'hi' }, {}),
    ).rejects.toThrow(/MockTextModel.generate is not implemented/);
  });

  it('should return the given result and record the call', async () => {
    const model = new MockTextModel({
      generate: TEXT_RESULT,
      cost: { perRequest: 5 },
    });
    expect(await model.generate({ prompt: 'hi' }, {})).toEqual(TEXT_RESULT);
    expect(model.calls).toHaveLength(1);
    expect(model.cost).toEqual({ perRequest: 5 });
  });
});
