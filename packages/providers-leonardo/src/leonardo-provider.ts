import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type ImageModel,
  type Provider,
  type TrainingModel,
  type VideoModel,
} from '@switchyard/core';
import { z } from 'zod';
import type { LeonardoModelConfig } from './leonardo-config';
import {
  LEONARDO_IMAGE_CAPABILITIES,
  createLeonardoImageModel,
  type LeonardoImageModelId,
} from './leonardo-image-model';
import {
  LEONARDO_TRAINING_CAPABILITIES,
  createLeonardoTrainingModel,
  type LeonardoTrainerId,
} from './leonardo-training-model';
import {
  LEONARDO_MOTION_SVD_CAPABILITIES,
  createLeonardoVideoModel,
  type LeonardoVideoModelId,
} from './leonardo-video-model';
import { mapLeonardoError } from './leonardo-error';
import { VERSION } from './version';

/**
 * Settings of {@link createLeonardo}: `apiKey` (default: the `LEONARDO_API_KEY`
 * variable), `baseURL` (default: `LEONARDO_BASE_URL`, else
 * `https://cloud.leonardo.ai/api/rest/v1`), `headers`, `fetch`, `name`, and its own below.
 */
export interface LeonardoProviderSettings extends HttpProviderSettings {
  /** Wait between status polls of image and video generations. Default 2000 ms. */
  pollIntervalMs?: number;
  /** Wait between status polls of a training run (it takes many minutes). Default 15000 ms. */
  trainingPollIntervalMs?: number;
  /**
   * Let the instance download an input image (image to image, image to
   * video, training photos) given by http(s) URL, to upload it to Leonardo.
   * Default false: the gateway would fetch any address a caller names, its
   * own network's included, so it is for trusted callers only. Without it
   * an image by URL is `unsupported` and the route moves on; base64 and
   * `data:` URLs always work.
   */
  fetchImageUrls?: boolean;
}

/** The Leonardo provider: image models by platform or custom model id, Motion video, custom model training. */
export interface LeonardoProvider extends Provider {
  imageModel(modelId: LeonardoImageModelId): ImageModel;
  videoModel(modelId: LeonardoVideoModelId): VideoModel;
  trainingModel(modelId: LeonardoTrainerId): TrainingModel;
}

// Prices are micro-credits (1 credit = 1 USD). Leonardo bills API credits,
// about $0.0015 each at its pay-as-you-go rate (the former Pro tier's): an
// ESTIMATE; its pricing table gives Motion 45 credits, training 750 (512 px)
// and 1500 (768 px) credits a run.
const leonardo = defineHttpProvider({
  name: 'leonardo',
  description:
    'Leonardo.Ai image generations, image to image from an uploaded init image, Motion (SVD) image to video, and custom model training (create, then poll).',
  version: VERSION,
  features: ['image', 'image-edit', 'video', 'training'],
  costPerUnit: { perImage: 10_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: 'LEONARDO_API_KEY',
    baseURL: 'LEONARDO_BASE_URL',
  },
  defaultBaseURL: 'https://cloud.leonardo.ai/api/rest/v1',
  // GET /me reads the key's user and its credits: free, and needs the key.
  probe: { path: '/me', mapError: mapLeonardoError },
  settingsSchema: httpProviderSettingsSchema.extend({
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
    trainingPollIntervalMs: z.number().int().min(10).max(600_000).optional(),
    fetchImageUrls: z.boolean().optional(),
  }),
  modelConfig: (config, settings): LeonardoModelConfig => ({
    ...config,
    pollIntervalMs: settings.pollIntervalMs,
    trainingPollIntervalMs: settings.trainingPollIntervalMs,
    fetchImageUrls: settings.fetchImageUrls,
  }),
  image: {
    capabilities: LEONARDO_IMAGE_CAPABILITIES,
    // Indicative prices in micro-credits per image (Leonardo bills API credits).
    models: {
      '6b645e3a-d64f-4341-a6d8-7a3690fbf042': { cost: { perImage: 10_000 } },
      'b24e16ff-06e3-43eb-8d33-4416c2d75876': { cost: { perImage: 5_000 } },
    },
    create: (modelId, { config, cost }) =>
      createLeonardoImageModel(modelId, { ...config, cost }),
  },
  video: {
    capabilities: LEONARDO_MOTION_SVD_CAPABILITIES,
    models: { 'motion-svd': { cost: { perRequest: 67_500 } } },
    create: (modelId, { config, cost }) =>
      createLeonardoVideoModel(modelId, { ...config, cost }),
  },
  training: {
    capabilities: LEONARDO_TRAINING_CAPABILITIES,
    models: {
      'custom-model-512': { cost: { perRequest: 1_125_000 } },
      'custom-model-768': { cost: { perRequest: 2_250_000 } },
    },
    create: (modelId, { config, cost }) =>
      createLeonardoTrainingModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates a Leonardo.Ai provider: generations created, then polled until
 * done; a request with a reference image uploads it as the init image first;
 * Motion animates an uploaded image; training uploads a dataset and trains a
 * custom model whose id `imageModel` takes. The key is read when a call is made.
 *
 * @example
 * const leonardo = createLeonardo({ apiKey: process.env.LEONARDO_API_KEY });
 */
export const createLeonardo: (
  settings?: LeonardoProviderSettings,
) => LeonardoProvider = leonardo.createProvider;

/** How the server plugs Leonardo in: `use: leonardo` in the config. */
export const switchyardProvider = leonardo.switchyardProvider;
