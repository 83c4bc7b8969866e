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
  REPLICATE_IMAGE_CAPABILITIES,
  createReplicateImageModel,
  type ReplicateImageModelId,
} from './replicate-image-model';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'REPLICATE_API_TOKEN';
const BASE_URL_VARIABLE = 'REPLICATE_BASE_URL';

/**
 * Settings of {@link createReplicate}: `apiKey` (default: the `REPLICATE_API_TOKEN`
 * variable), `baseURL` (default: `REPLICATE_BASE_URL`, else
 * `https://api.replicate.com/v1`), `headers`, `fetch`, `name`, and its own below.
 */
export interface ReplicateProviderSettings extends HttpProviderSettings {
  /** How long Replicate may hold the create call open (`Prefer: wait`), 1–60 s. Default 60. */
  waitSeconds?: number;
  /** Wait between status polls once the create call returned unfinished. Default 1000 ms. */
  pollIntervalMs?: number;
}

/** The Replicate provider: image models by `owner/name` (no text models). */
export interface ReplicateProvider extends Provider {
  imageModel(modelId: ReplicateImageModelId): ImageModel;
}

/** List prices in micro-credits per image. */
const COSTS: Record<string, CostMetadata> = {
  'black-forest-labs/flux-schnell': { perImage: 3_000 },
  'black-forest-labs/flux-dev': { perImage: 25_000 },
};

const MODELS: ModelInfo[] = Object.entries(COSTS).map(([id, cost]) => ({
  id,
  kind: 'image',
  capabilities: REPLICATE_IMAGE_CAPABILITIES,
  cost,
}));

/**
 * Creates a Replicate provider: predictions created with `Prefer: wait`,
 * polled when they take longer, cancelled at Replicate when the caller gives
 * up. The token is read when a call is made.
 *
 * @example
 * const replicate = createReplicate({ apiKey: process.env.REPLICATE_API_TOKEN });
 * const { images } = await replicate.imageModel('black-forest-labs/flux-schnell').generate({ prompt: 'a fox' }, {});
 */
export function createReplicate(
  settings: ReplicateProviderSettings = {},
): ReplicateProvider {
  const config = {
    ...createModelHttpConfig({
      settings,
      providerName: 'replicate',
      version: VERSION,
      apiKeyVariable: API_KEY_VARIABLE,
      baseURLVariable: BASE_URL_VARIABLE,
      defaultBaseURL: 'https://api.replicate.com/v1',
    }),
    pollIntervalMs: settings.pollIntervalMs,
    waitSeconds: settings.waitSeconds ?? 60,
  };
  return {
    name: 'replicate',
    imageModel: (modelId) =>
      createReplicateImageModel(modelId, {
        ...config,
        cost: COSTS[modelId.split(':')[0] ?? modelId],
      }),
    textModel: (modelId) =>
      noModelsOfKind({ provider: config.provider, kind: 'text', modelId }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Replicate in: `use: replicate` in the config. */
export const switchyardProvider = defineProvider({
  name: 'replicate',
  description:
    'Replicate image models as predictions (Prefer: wait, polling, cancel).',
  features: ['image'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema.extend({
    waitSeconds: z.number().int().min(1).max(60).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  models: MODELS,
  create: (settings, context) =>
    createReplicate({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
