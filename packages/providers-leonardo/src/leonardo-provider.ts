import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type ImageModel,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  LEONARDO_IMAGE_CAPABILITIES,
  createLeonardoImageModel,
  type LeonardoImageModelId,
} from './leonardo-image-model';
import { VERSION } from './version';

/**
 * Settings of {@link createLeonardo}: `apiKey` (default: the `LEONARDO_API_KEY`
 * variable), `baseURL` (default: `LEONARDO_BASE_URL`, else
 * `https://cloud.leonardo.ai/api/rest/v1`), `headers`, `fetch`, `name`, and its own below.
 */
export interface LeonardoProviderSettings extends HttpProviderSettings {
  /** Wait between status polls. Default 2000 ms. */
  pollIntervalMs?: number;
}

/** The Leonardo provider: image models by platform model id (no text models). */
export interface LeonardoProvider extends Provider {
  imageModel(modelId: LeonardoImageModelId): ImageModel;
}

const leonardo = defineHttpProvider({
  name: 'leonardo',
  description:
    'Leonardo.Ai image generations and image to image from an uploaded init image (create, then poll).',
  version: VERSION,
  features: ['image', 'image-edit'],
  costPerUnit: { perImage: 10_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: 'LEONARDO_API_KEY',
    baseURL: 'LEONARDO_BASE_URL',
  },
  defaultBaseURL: 'https://cloud.leonardo.ai/api/rest/v1',
  settingsSchema: httpProviderSettingsSchema.extend({
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  image: {
    capabilities: LEONARDO_IMAGE_CAPABILITIES,
    // Indicative prices in micro-credits per image (Leonardo bills API credits).
    models: {
      '6b645e3a-d64f-4341-a6d8-7a3690fbf042': { cost: { perImage: 10_000 } },
      'b24e16ff-06e3-43eb-8d33-4416c2d75876': { cost: { perImage: 5_000 } },
    },
    create: (modelId, { config, settings, cost }) =>
      createLeonardoImageModel(modelId, {
        ...config,
        pollIntervalMs: settings.pollIntervalMs,
        cost,
      }),
  },
});

/**
 * Creates a Leonardo.Ai provider: generations created, then polled until
 * done; a request with a reference image uploads it as the init image first.
 * The key is read when a call is made.
 *
 * @example
 * const leonardo = createLeonardo({ apiKey: process.env.LEONARDO_API_KEY });
 */
export const createLeonardo: (
  settings?: LeonardoProviderSettings,
) => LeonardoProvider = leonardo.createProvider;

/** How the server plugs Leonardo in: `use: leonardo` in the config. */
export const switchyardProvider = leonardo.switchyardProvider;
