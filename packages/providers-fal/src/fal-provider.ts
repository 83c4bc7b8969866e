import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  resolveBaseURL,
  type HttpProviderSettings,
  type ImageModel,
  type MusicModel,
  type Provider,
  type SpeechModel,
  type TrainingModel,
  type VideoModel,
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
  FAL_FLUX_LORA,
  createFalLoraImageModel,
  isFalLoraModelId,
} from './fal-lora';
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
import { mapFalError } from './fal-error';
import { FAL_STORAGE_URL } from './fal-storage';
import {
  FAL_FLUX_LORA_TRAINING_CAPABILITIES,
  createFalTrainingModel,
  type FalTrainingModelId,
} from './fal-training-model';
import { falVideoCapabilities } from './fal-video-families';
import {
  FAL_VIDEO_MODELS,
  createFalVideoModel,
  type FalVideoModelId,
} from './fal-video-model';
import { VERSION } from './version';

/** fal's Platform API (prices, usage), where the health probe goes. */
const FAL_PLATFORM_URL = 'https://api.fal.ai/v1';

/** Default wait between status polls of a video task (minutes long). */
const VIDEO_POLL_MS = 2_000;
/** Default wait between status polls of a training run (many minutes long). */
const TRAINING_POLL_MS = 5_000;

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
  /** Wait between queue status polls. Default 500 ms (video 2 s, training 5 s). */
  pollIntervalMs?: number;
  /**
   * fal's Platform API, where the health probe checks the key by reading a
   * model's price (free). Default: `FAL_PLATFORM_URL`, else
   * `https://api.fal.ai/v1`.
   */
  platformURL?: string;
  /**
   * fal's storage REST host, where training archives (and first frames an
   * endpoint refuses as data URLs) are uploaded to fal's CDN. Default:
   * `FAL_STORAGE_URL`, else `https://rest.alpha.fal.ai`.
   */
  storageURL?: string;
}

/**
 * The fal provider: image, edit, speech, music and video models by fal app
 * id, LoRA training, and trained LoRAs as image models (no text models).
 */
export interface FalProvider extends Provider {
  imageModel(modelId: FalImageModelId): ImageModel;
  speechModel(modelId: FalSpeechModelId): SpeechModel;
  musicModel(modelId: FalMusicModelId): MusicModel;
  videoModel(modelId: FalVideoModelId): VideoModel;
  trainingModel(modelId: FalTrainingModelId): TrainingModel;
}

/** A listed edit model: its price per image and what it takes. */
const editModel = (id: FalEditModelId, perImage: number) => ({
  cost: { perImage },
  capabilities: falEditCapabilities(
    FAL_IMAGE_CAPABILITIES,
    FAL_EDIT_MODELS[id],
  ),
});

/** FLUX.1 [pro] models (Kontext, Fill): the premium tier, for `requirements`. */
const FLUX_PRO_TIER = { quality: 'premium' } as const;

const fal = defineHttpProvider({
  name: 'fal',
  description:
    'fal.ai image models (FLUX schnell, dev, image-to-image, Kontext edits, Fill, LoRA), Kokoro speech, ACE-Step music, Kling, LTX and MiniMax video, and FLUX LoRA training, on its queue or run endpoint.',
  version: VERSION,
  features: ['image', 'image-edit', 'speech', 'music', 'video', 'training'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: { apiKey: 'FAL_KEY', baseURL: 'FAL_BASE_URL' },
  defaultBaseURL: 'https://fal.run',
  toHeaders: (apiKey) => ({ authorization: `Key ${apiKey}` }),
  settingsSchema: httpProviderSettingsSchema.extend({
    queueURL: z.url().optional(),
    mode: z.enum(['queue', 'sync']).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
    storageURL: z.url().optional(),
    platformURL: z.url().optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    queueURL: resolveBaseURL({
      baseURL: settings.queueURL,
      environmentVariableName: 'FAL_QUEUE_URL',
      defaultURL: 'https://queue.fal.run',
    }),
    storageURL: resolveBaseURL({
      baseURL: settings.storageURL,
      environmentVariableName: 'FAL_STORAGE_URL',
      defaultURL: FAL_STORAGE_URL,
    }),
    platformURL: resolveBaseURL({
      baseURL: settings.platformURL,
      environmentVariableName: 'FAL_PLATFORM_URL',
      defaultURL: FAL_PLATFORM_URL,
    }),
    pollIntervalMs: settings.pollIntervalMs,
  }),
  // The model APIs have no free call; the Platform API's price lookup is
  // free and needs the key.
  probe: {
    path: '/models/pricing?endpoint_id=fal-ai/flux/schnell',
    mapError: mapFalError,
    baseURL: (config) => config.platformURL,
  },
  image: {
    capabilities: FAL_IMAGE_CAPABILITIES,
    // List prices in micro-credits per image (1024×1024), from each model's
    // fal.ai page: $0.025/MP for dev (and its image-to-image), $0.04 per
    // Kontext image, $0.05/MP for Fill, $0.035/MP for FLUX with a LoRA.
    models: {
      'fal-ai/flux/schnell': {
        cost: { perImage: 3_000 },
        tier: { quality: 'draft', speed: 'fast' },
      },
      'fal-ai/flux/dev': {
        cost: { perImage: 25_000 },
        tier: { quality: 'standard' },
      },
      [FAL_FLUX_LORA]: { cost: { perImage: 35_000 } },
      'fal-ai/flux/dev/image-to-image': editModel(
        'fal-ai/flux/dev/image-to-image',
        25_000,
      ),
      'fal-ai/flux-pro/kontext': {
        ...editModel('fal-ai/flux-pro/kontext', 40_000),
        tier: FLUX_PRO_TIER,
      },
      'fal-ai/flux-pro/kontext/multi': {
        ...editModel('fal-ai/flux-pro/kontext/multi', 40_000),
        tier: FLUX_PRO_TIER,
      },
      'fal-ai/flux-pro/v1/fill': {
        ...editModel('fal-ai/flux-pro/v1/fill', 50_000),
        tier: FLUX_PRO_TIER,
      },
    },
    // A trained LoRA (`fal-ai/flux-lora@…`) is priced as the model that serves it.
    listedId: (modelId) =>
      isFalLoraModelId(modelId) ? FAL_FLUX_LORA : modelId,
    create: (modelId, { config, settings, cost, capabilities }) => {
      if (isFalLoraModelId(modelId)) {
        return createFalLoraImageModel({
          modelId,
          config: { ...config, cost },
          capabilities,
          mode: settings.mode ?? 'queue',
        });
      }
      return settings.mode === 'sync'
        ? createFalRunImageModel(modelId, { ...config, cost }, { capabilities })
        : createFalQueueModel(modelId, { ...config, cost }, { capabilities });
    },
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
  video: {
    // Unlisted ids take their family's capabilities (see create).
    capabilities: falVideoCapabilities('fal-ai/any-video'),
    models: FAL_VIDEO_MODELS,
    create: (modelId, { config, cost }) =>
      createFalVideoModel({
        modelId,
        config: {
          ...config,
          cost,
          pollIntervalMs: config.pollIntervalMs ?? VIDEO_POLL_MS,
        },
        capabilities: falVideoCapabilities(modelId),
        cost,
      }),
  },
  training: {
    capabilities: FAL_FLUX_LORA_TRAINING_CAPABILITIES,
    // $2 per 1,000-step run, scaled by steps (estimate: fal bills its
    // sibling turbo trainer per step; this trainer's page is not in the
    // stored docs).
    models: {
      'fal-ai/flux-lora-fast-training': { cost: { perStep: 2_000 } },
    },
    create: (modelId, { config, cost, capabilities }) =>
      createFalTrainingModel({
        modelId,
        config: {
          ...config,
          cost,
          pollIntervalMs: config.pollIntervalMs ?? TRAINING_POLL_MS,
        },
        capabilities,
        cost,
      }),
  },
});

/**
 * Creates a fal.ai provider for its image (and edit), speech, music and video
 * models and its LoRA trainer, on the queue (default) or, for images and
 * audio, the synchronous run endpoint. The key is read when a call is made.
 *
 * @example
 * const fal = createFal({ apiKey: process.env.FAL_KEY });
 * const { images } = await fal.imageModel('fal-ai/flux/schnell').generate({ prompt: 'a fox' }, {});
 */
export const createFal: (settings?: FalProviderSettings) => FalProvider =
  fal.createProvider;

/** How the server plugs fal in: `use: fal` in the config. */
export const switchyardProvider = fal.switchyardProvider;
