import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type ImageModel,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  REPLICATE_IMAGE_CAPABILITIES,
  createReplicateImageModel,
  type ReplicateImageModelId,
} from './replicate-image-model';
import { VERSION } from './version';

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

const replicate = defineHttpProvider({
  name: 'replicate',
  description:
    'Replicate image models as predictions (Prefer: wait, polling, cancel).',
  version: VERSION,
  features: ['image'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: 'REPLICATE_API_TOKEN',
    baseURL: 'REPLICATE_BASE_URL',
  },
  defaultBaseURL: 'https://api.replicate.com/v1',
  settingsSchema: httpProviderSettingsSchema.extend({
    waitSeconds: z.number().int().min(1).max(60).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    pollIntervalMs: settings.pollIntervalMs,
    waitSeconds: settings.waitSeconds ?? 60,
  }),
  image: {
    capabilities: REPLICATE_IMAGE_CAPABILITIES,
    // List prices in micro-credits per image; a pinned `owner/name:version` takes its model's.
    models: {
      'black-forest-labs/flux-schnell': { cost: { perImage: 3_000 } },
      'black-forest-labs/flux-dev': { cost: { perImage: 25_000 } },
    },
    listedId: (modelId) => modelId.split(':')[0] ?? modelId,
    create: (modelId, { config, cost }) =>
      createReplicateImageModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates a Replicate provider: predictions created with `Prefer: wait`,
 * polled when they take longer, cancelled at Replicate when the caller gives
 * up. The token is read when a call is made.
 *
 * @example
 * const replicate = createReplicate({ apiKey: process.env.REPLICATE_API_TOKEN });
 * const { images } = await replicate.imageModel('black-forest-labs/flux-schnell').generate({ prompt: 'a fox' }, {});
 */
export const createReplicate: (
  settings?: ReplicateProviderSettings,
) => ReplicateProvider = replicate.createProvider;

/** How the server plugs Replicate in: `use: replicate` in the config. */
export const switchyardProvider = replicate.switchyardProvider;
