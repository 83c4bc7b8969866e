import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  resolveBaseURL,
  type HttpProviderSettings,
  type ImageModel,
  type MusicModel,
  type Provider,
  type SpeechModel,
} from '@switchyard/core';
import { z } from 'zod';
import {
  FAL_EDIT_MODELS,
  falEditCapabilities,
  type FalEditModelId,
} from './fal-image-edits';
import {
  FAL_IMAGE_CAPABILITIES,
  createFalQueueModel,
  createFalRunImageModel,
  type FalImageModelId,
} from './fal-image-model';
import {
  FAL_ACE_STEP_CAPABILITIES,
  createFalMusicModel,
  type FalMusicModelId,
} from './fal-music-model';
import {
  FAL_KOKORO_CAPABILITIES,
  createFalSpeechModel,
  type FalSpeechModelId,
} from './fal-speech-model';
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

/** The fal provider: image, edit, speech and music models by fal app id (no text models). */
export interface FalProvider extends Provider {
  imageModel(modelId: FalImageModelId): ImageModel;
  speechModel(modelId: FalSpeechModelId): SpeechModel;
  musicModel(modelId: FalMusicModelId): MusicModel;
}

/** A listed edit model: its price per image and what it takes. */
const editModel = (id: FalEditModelId, perImage: number) => ({
  cost: { perImage },
  capabilities: falEditCapabilities(
    FAL_IMAGE_CAPABILITIES,
    FAL_EDIT_MODELS[id],
  ),
});

const fal = defineHttpProvider({
  name: 'fal',
  description:
    'fal.ai image models (FLUX schnell, dev, image-to-image, Kontext edits, Fill), Kokoro speech and ACE-Step music, on its queue or run endpoint.',
  version: VERSION,
  features: ['image', 'image-edit', 'speech', 'music'],
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
    // List prices in micro-credits per image (1024×1024), from each model's
    // fal.ai page: $0.025/MP for dev (and its image-to-image), $0.04 per
    // Kontext image, $0.05/MP for Fill.
    models: {
      'fal-ai/flux/schnell': { cost: { perImage: 3_000 } },
      'fal-ai/flux/dev': { cost: { perImage: 25_000 } },
      'fal-ai/flux/dev/image-to-image': editModel(
        'fal-ai/flux/dev/image-to-image',
        25_000,
      ),
      'fal-ai/flux-pro/kontext': editModel('fal-ai/flux-pro/kontext', 40_000),
      'fal-ai/flux-pro/kontext/multi': editModel(
        'fal-ai/flux-pro/kontext/multi',
        40_000,
      ),
      'fal-ai/flux-pro/v1/fill': editModel('fal-ai/flux-pro/v1/fill', 50_000),
    },
    create: (modelId, { config, settings, cost, capabilities }) =>
      settings.mode === 'sync'
        ? createFalRunImageModel(modelId, { ...config, cost }, capabilities)
        : createFalQueueModel(modelId, { ...config, cost }, capabilities),
  },
  speech: {
    capabilities: FAL_KOKORO_CAPABILITIES,
    // $0.02 per 1,000 characters (fal.ai/models/fal-ai/kokoro/american-english).
    models: {
      'fal-ai/kokoro/american-english': { cost: { perCharacter: 20 } },
    },
    create: (modelId, { config, settings, cost, capabilities }) =>
      createFalSpeechModel({
        modelId,
        config: { ...config, cost },
        capabilities,
        mode: settings.mode ?? 'queue',
      }),
  },
  music: {
    capabilities: FAL_ACE_STEP_CAPABILITIES,
    // $0.0002 per second of audio (fal.ai/models/fal-ai/ace-step/prompt-to-audio).
    models: {
      'fal-ai/ace-step/prompt-to-audio': { cost: { perSecond: 200 } },
    },
    create: (modelId, { config, settings, cost, capabilities }) =>
      createFalMusicModel({
        modelId,
        config: { ...config, cost },
        capabilities,
        mode: settings.mode ?? 'queue',
      }),
  },
});

/**
 * Creates a fal.ai provider for its image (and edit), speech and music
 * models, on the queue (default) or the synchronous run endpoint. The key is
 * read when a call is made.
 *
 * @example
 * const fal = createFal({ apiKey: process.env.FAL_KEY });
 * const { images } = await fal.imageModel('fal-ai/flux/schnell').generate({ prompt: 'a fox' }, {});
 */
export const createFal: (settings?: FalProviderSettings) => FalProvider =
  fal.createProvider;

/** How the server plugs fal in: `use: fal` in the config. */
export const switchyardProvider = fal.switchyardProvider;
