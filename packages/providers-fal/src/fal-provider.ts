import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  resolveBaseURL,
  type HttpProviderSettings,
  type ImageModel,
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

const fal = defineHttpProvider({
  name: 'fal',
  description:
    'fal.ai image models (FLUX schnell and dev) on its queue or run endpoint.',
  version: VERSION,
  features: ['image'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: { apiKey: 'FAL_KEY', baseURL: 'FAL_BASE_URL' },
  defaultBaseURL: 'https://fal.run',
  toHeaders: (apiKey) => ({ authorization: `Key ${apiKey}` }),
  settingsSchema: httpProviderSettingsSchema.extend({
    queueURL: z.url().optional(),
    mode: z.enum(['queue', 'sync']).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    queueURL: resolveBaseURL({
      baseURL: settings.queueURL,
      environmentVariableName: 'FAL_QUEUE_URL',
      defaultURL: 'https://queue.fal.run',
    }),
    pollIntervalMs: settings.pollIntervalMs,
  }),
  image: {
    capabilities: FAL_IMAGE_CAPABILITIES,
    // List prices in micro-credits per image (1024×1024).
    models: {
      'fal-ai/flux/schnell': { cost: { perImage: 3_000 } },
      'fal-ai/flux/dev': { cost: { perImage: 25_000 } },
    },
    create: (modelId, { config, settings, cost }) =>
      settings.mode === 'sync'
        ? new FalRunImageModel(modelId, { ...config, cost })
        : createFalQueueModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates a fal.ai provider for its image models, on the queue (default) or
 * the synchronous run endpoint. The key is read when a call is made.
 *
 * @example
 * const fal = createFal({ apiKey: process.env.FAL_KEY });
 * const { images } = await fal.imageModel('fal-ai/flux/schnell').generate({ prompt: 'a fox' }, {});
 */
export const createFal: (settings?: FalProviderSettings) => FalProvider =
  fal.createProvider;

/** How the server plugs fal in: `use: fal` in the config. */
export const switchyardProvider = fal.switchyardProvider;
