import {
  defineProvider,
  SwitchyardError,
  type Provider,
  type VideoCapabilities,
  type VideoModel,
} from '@switchyard/core';
import { z } from 'zod';

const capabilities: VideoCapabilities = {
  formats: ['mp4'],
  maxDurationMs: 10_000,
  defaultDurationMs: 2_000,
  textToVideo: true,
  imageToVideo: false,
  audio: false,
  seed: false,
};

const settingsSchema = z.strictObject({
  /** Where the video is "hosted": the result's URL. */
  url: z.string().optional(),
  /** The video inline instead, as base64. */
  base64: z.string().optional(),
  /** Micro-credits per video. */
  price: z.number().int().nonnegative(),
});

/**
 * A video provider for tests: model `clip` answers every request with the
 * configured URL (as a task-based provider hands back a hosted file) or
 * inline bytes, 2 s long. Load it with `use:` and this file's path.
 */
export const switchyardProvider = defineProvider({
  name: 'url-video-provider',
  description: 'Test provider whose video is at a configured URL.',
  features: ['video'],
  costPerUnit: { perRequest: 1 },
  isAsync: false,
  settingsSchema,
  models: [{ id: 'clip', kind: 'video', capabilities }],
  create(settings, context): Provider {
    const cost = { perRequest: settings.price };
    const model: VideoModel = {
      kind: 'video',
      provider: context.instanceName,
      modelId: 'clip',
      capabilities,
      cost,
      generate: () =>
        Promise.resolve({
          video: {
            ...(settings.url === undefined ? {} : { url: settings.url }),
            ...(settings.base64 === undefined
              ? {}
              : { base64: settings.base64 }),
            format: 'mp4',
            durationMs: 2_000,
          },
          warnings: [],
        }),
    };
    const unsupported = (): never => {
      throw new SwitchyardError({
        code: 'unsupported',
        message: `${context.instanceName} makes only video.`,
      });
    };
    return {
      name: context.instanceName,
      imageModel: unsupported,
      textModel: unsupported,
      videoModel: () => model,
      listModels: () => [{ id: 'clip', kind: 'video', capabilities, cost }],
    };
  },
});
