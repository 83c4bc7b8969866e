import {
  defineProvider,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  noModelsOfKind,
  resolveBaseURL,
  switchyardUserAgent,
  type CostMetadata,
  type FetchFunction,
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

/** Settings of {@link createFal}. */
export interface FalProviderSettings {
  /** API key, sent as `Authorization: Key <key>`. Default: the `FAL_KEY` environment variable, read at call time. */
  apiKey?: string;
  /** The synchronous host. Default: `FAL_BASE_URL`, else `https://fal.run`. */
  baseURL?: string;
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
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default `fal`; the server passes the instance's name. */
  name?: string;
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
  const name = settings.name ?? 'fal';
  const config = {
    provider: name,
    runURL: resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: BASE_URL_VARIABLE,
      defaultURL: 'https://fal.run',
    }),
    queueURL: resolveBaseURL({
      baseURL: settings.queueURL,
      environmentVariableName: QUEUE_URL_VARIABLE,
      defaultURL: 'https://queue.fal.run',
    }),
    headers: lazyAuthHeaders({
      provider: name,
      apiKey: settings.apiKey,
      environmentVariableName: API_KEY_VARIABLE,
      toHeaders: (apiKey) => ({ authorization: `Key ${apiKey}` }),
      headers: settings.headers,
    }),
    fetch: settings.fetch,
    userAgent: switchyardUserAgent('providers-fal', VERSION),
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
      noModelsOfKind({ provider: name, kind: 'text', modelId }),
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
