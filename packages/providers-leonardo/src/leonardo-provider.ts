import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  noModelsOfKind,
  type CostMetadata,
  type HttpProviderSettings,
  type ImageModel,
  type ModelInfo,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  LEONARDO_IMAGE_CAPABILITIES,
  createLeonardoImageModel,
  type LeonardoImageModelId,
} from './leonardo-image-model';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'LEONARDO_API_KEY';
const BASE_URL_VARIABLE = 'LEONARDO_BASE_URL';

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

/** Indicative prices in micro-credits per image (Leonardo bills API credits). */
const COSTS: Record<string, CostMetadata> = {
  '6b645e3a-d64f-4341-a6d8-7a3690fbf042': { perImage: 10_000 },
  'b24e16ff-06e3-43eb-8d33-4416c2d75876': { perImage: 5_000 },
};

const MODELS: ModelInfo[] = Object.entries(COSTS).map(([id, cost]) => ({
  id,
  kind: 'image',
  capabilities: LEONARDO_IMAGE_CAPABILITIES,
  cost,
}));

/**
 * Creates a Leonardo.Ai provider: generations created, then polled until
 * done. The key is read when a call is made.
 *
 * @example
 * const leonardo = createLeonardo({ apiKey: process.env.LEONARDO_API_KEY });
 */
export function createLeonardo(
  settings: LeonardoProviderSettings = {},
): LeonardoProvider {
  const config = {
    ...createModelHttpConfig({
      settings,
      providerName: 'leonardo',
      version: VERSION,
      apiKeyVariable: API_KEY_VARIABLE,
      baseURLVariable: BASE_URL_VARIABLE,
      defaultBaseURL: 'https://cloud.leonardo.ai/api/rest/v1',
    }),
    pollIntervalMs: settings.pollIntervalMs,
  };
  return {
    name: 'leonardo',
    imageModel: (modelId) =>
      createLeonardoImageModel(modelId, { ...config, cost: COSTS[modelId] }),
    textModel: (modelId) =>
      noModelsOfKind({ provider: config.provider, kind: 'text', modelId }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Leonardo in: `use: leonardo` in the config. */
export const switchyardProvider = defineProvider({
  name: 'leonardo',
  description: 'Leonardo.Ai image generations (create, then poll).',
  features: ['image'],
  costPerUnit: { perImage: 10_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema.extend({
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  models: MODELS,
  create: (settings, context) =>
    createLeonardo({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
