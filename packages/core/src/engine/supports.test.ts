import { describe, expect, it, vi } from 'vitest';
import { silentWav } from '../__tests__/audio-samples';
import { PNG_16X16 } from '../__tests__/image-samples';
import { testRoute } from '../__tests__/scripted-models';
import type { SpeechCapabilities } from '../provider/audio-contract';
import type { ImageCapabilities, Model } from '../provider/contract';
import { SwitchyardError } from '../errors/switchyard-error';
import { createRoutingEngine } from './engine';

const oneAttempt = {
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
};

function imageModel(
  provider: string,
  capabilities: Partial<ImageCapabilities>,
) {
  const generate = vi.fn(() =>
    Promise.resolve({
      images: [{ base64: PNG_16X16, mimeType: 'image/png' as const }],
      warnings: [],
    }),
  );
  const model: Model = {
    kind: 'image',
    provider,
    modelId: `${provider}-model`,
    capabilities: {
      maxImagesPerCall: 1,
      sizes: ['16x16'],
      seed: false,
      negativePrompt: false,
      ...capabilities,
    },
    generate,
  };
  return { model, generate };
}

function speechModel(
  provider: string,
  capabilities: Partial<SpeechCapabilities>,
) {
  const generate = vi.fn(() =>
    Promise.resolve({
      audio: {
        base64: silentWav(700).toString('base64'),
        format: 'wav' as const,
      },
      warnings: [],
    }),
  );
  const model: Model = {
    kind: 'speech',
    provider,
    modelId: `${provider}-model`,
    capabilities: {
      formats: ['wav'],
      maxCharacters: 100,
      speed: true,
      instructions: false,
      ...capabilities,
    },
    generate,
  };
  return { model, generate };
}

const reference = { base64: PNG_16X16, mimeType: 'image/png' as const };

describe('targets that cannot serve a request are skipped, not called', () => {
  it('should skip an image model that cannot edit, and serve the edit from the next', async () => {
    const plain = imageModel('plain', {});
    const editor = imageModel('editor', { referenceImages: true, mask: true });
    const models: Record<string, Model> = {
      plain: plain.model,
      editor: editor.model,
    };
    const engine = createRoutingEngine({
      resolveModel: (target) => models[target.instance] as Model,
    });
    const call = await engine.executeImage({
      route: testRoute(['plain', 'editor'], oneAttempt),
      request: {
        prompt: 'a hat on it',
        referenceImages: [reference],
        mask: reference,
      },
    });
    expect(call.provider).toBe('editor');
    expect(plain.generate).not.toHaveBeenCalled();
    expect(call.attempts[0]).toMatchObject({
      provider: 'plain',
      outcome: 'skipped',
      reason: 'unsupported',
      code: 'unsupported',
      message: expect.stringMatching(/reference images/),
    });
  });

  it('should skip an editor without mask support, or with too few reference slots', async () => {
    const noMask = imageModel('nomask', { referenceImages: true });
    const one = imageModel('one', { referenceImages: true, mask: true });
    const engine = createRoutingEngine({
      resolveModel: (target) =>
        target.instance === 'nomask' ? noMask.model : one.model,
    });
    const masked = engine.executeImage({
      route: testRoute(['nomask'], oneAttempt),
      request: { prompt: 'x', referenceImages: [reference], mask: reference },
    });
    await expect(masked).rejects.toMatchObject({ code: 'unsupported' });
    const many = engine.executeImage({
      route: testRoute(['one'], oneAttempt),
      request: { prompt: 'x', referenceImages: [reference, reference] },
    });
    await expect(many).rejects.toMatchObject({ code: 'unsupported' });
    expect(noMask.generate).not.toHaveBeenCalled();
    expect(one.generate).not.toHaveBeenCalled();
  });

  it('should skip a speech model without the voice, the format or the length, and measure what the next one says', async () => {
    const narrow = speechModel('narrow', {
      voices: ['alloy'],
      maxCharacters: 5,
    });
    const wide = speechModel('wide', {});
    const engine = createRoutingEngine({
      resolveModel: (target) =>
        target.instance === 'narrow' ? narrow.model : wide.model,
    });
    const route = testRoute(['narrow', 'wide'], {
      ...oneAttempt,
      kind: 'speech',
    });
    for (const request of [
      { text: 'hi', voice: 'nova' },
      { text: 'hi', format: 'mp3' as const },
      { text: 'far too long' },
    ]) {
      const outcome: unknown = await engine
        .executeSpeech({ route, request })
        .catch((error: unknown) => error);
      expect((outcome as { attempts: unknown[] }).attempts[0]).toMatchObject({
        provider: 'narrow',
        outcome: 'skipped',
        reason: 'unsupported',
      });
    }
    const served = await engine.executeSpeech({
      route,
      request: { text: 'far too long' },
    });
    expect(served.value.audio.durationMs).toBe(700);
    expect(narrow.generate).not.toHaveBeenCalled();
  });

  it('should skip a provider that has no models of the kind at all', async () => {
    const wide = speechModel('wide', {});
    const engine = createRoutingEngine({
      resolveModel: (target) => {
        if (target.instance === 'wide') return wide.model;
        throw new SwitchyardError({
          code: 'unsupported',
          message: 'imagesonly has no speech models',
        });
      },
    });
    const call = await engine.executeSpeech({
      route: testRoute(['imagesonly', 'wide'], {
        ...oneAttempt,
        kind: 'speech',
      }),
      request: { text: 'hello' },
    });
    expect(call.provider).toBe('wide');
    expect(call.attempts[0]).toMatchObject({
      provider: 'imagesonly',
      outcome: 'skipped',
      reason: 'unsupported',
      message: 'imagesonly has no speech models',
    });
  });
});
