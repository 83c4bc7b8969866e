import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  noModelsOfKind,
  resolveBaseURL,
  type CostMetadata,
  type HttpProviderSettings,
  type ImageModel,
  type ModelInfo,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  FAL_IMAGE_CAPABILITIES,
  FalRunImageModel,
  createFalQueueModel,
  type FalImageModelId,
} from './fal-image-model';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'FAL_KEY';
const BASE_URL_VARIABLE = 'FAL_BASE_URL';
const QUEUE_URL_VARIABLE = 'FAL_QUEUE_URL';

/**
 * Settings of {@link createFal}: `apiKey` (default: the `FAL_KEY` variable,
 * sent as `Authorization: Key …`), `baseURL` for the synchronous host
 * (default: `FAL_BASE_URL`, else `https://fal.run`), `headers`, `fetch`,
 * `name`, and fal's own below.
 */
export interface FalProviderSettings extends HttpProviderSettings {
  /** The queue host. Default: `FAL_QUEUE_URL`, else `https://queue.fal.run`. */
  queueURL?: string;
  /**
   * `queue` (default): submit, poll, fetch, with fal's cancel when the caller
   * gives up; survives long generations. `sync`: one request to the run
   * endpoint, for fast models.
   */
  mode?: 'queue' | 'sync';
  /** Wait between queue status polls. Default 500 ms. */
  pollIntervalMs?: number;
}

/** The fal provider: image models by fal app id (no text models). */
export interface FalProvider extends Provider {
  imageModel(modelId: FalImageModelId): ImageModel;
}

/** List prices in micro-credits per image (1024×1024). */
const COSTS: Record<string, CostMetadata> = {
  'fal-ai/flux/schnell': { perImage: 3_000 },
  'fal-ai/flux/dev': { perImage: 25_000 },
};

const MODELS: ModelInfo[] = Object.entries(COSTS).map(([id, cost]) => ({
  id,
  kind: 'image',
  capabilities: FAL_IMAGE_CAPABILITIES,
  cost,
}));

/**
 * Creates a fal.ai provider for its image models, on the queue (default) or
 * the synchronous run endpoint. The key is read when a call is made.
 *
 * @example
 * const fal = createFal({ apiKey: process.env.FAL_KEY });
 * const { images } = await fal.imageModel('fal-ai/flux/schnell').generate({ prompt: 'a fox' }, {});
 */
export function createFal(settings: FalProviderSettings = {}): FalProvider {
  const config = {
    ...createModelHttpConfig({
      settings,
      providerName: 'fal',
      version: VERSION,
      apiKeyVariable: API_KEY_VARIABLE,
      baseURLVariable: BASE_URL_VARIABLE,
      defaultBaseURL: 'https://fal.run',
      toHeaders: (apiKey) => ({ authorization: `Key ${apiKey}` }),
    }),
    queueURL: resolveBaseURL({
      baseURL: settings.queueURL,
      environmentVariableName: QUEUE_URL_VARIABLE,
      defaultURL: 'https://queue.fal.run',
    }),
    pollIntervalMs: settings.pollIntervalMs,
  };
  return {
    name: 'fal',
    imageModel: (modelId) => {
      const modelConfig = { ...config, cost: COSTS[modelId] };
      return settings.mode === 'sync'
        ? new FalRunImageModel(modelId, modelConfig)
        : createFalQueueModel(modelId, modelConfig);
    },
    textModel: (modelId) =>
      noModelsOfKind({ provider: config.provider, kind: 'text', modelId }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs fal in: `use: fal` in the config. */
export const switchyardProvider = defineProvider({
  name: 'fal',
  description:
    'fal.ai image models (FLUX schnell and dev) on its queue or run endpoint.',
  features: ['image'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema.extend({
    queueURL: z.url().optional(),
    mode: z.enum(['queue', 'sync']).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  models: MODELS,
  create: (settings, context) =>
    createFal({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
