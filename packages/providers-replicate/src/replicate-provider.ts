import {
  defineHttpProvider,
  httpProviderSettingsSchema,
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
  REPLICATE_IMAGE_CAPABILITIES,
  createReplicateImageModel,
  type ReplicateImageModelId,
} from './replicate-image-model';
import {
  REPLICATE_MUSIC_CAPABILITIES,
  createReplicateMusicModel,
  type ReplicateMusicModelId,
} from './replicate-music-model';
import {
  REPLICATE_SPEECH_CAPABILITIES,
  createReplicateSpeechModel,
  type ReplicateSpeechModelId,
} from './replicate-speech-model';
import {
  FLUX_LORA_TRAINER_CAPABILITIES,
  REPLICATE_TRAINING_CAPABILITIES,
  TRAINING_DESTINATION,
  createReplicateTrainingModel,
  type ReplicateTrainingModelId,
} from './replicate-training-model';
import {
  createReplicateVideoModel,
  type ReplicateVideoModelId,
} from './replicate-video-model';
import { GENERIC_VIDEO_SPEC, VIDEO_MODEL_SPECS } from './replicate-video-specs';
import { mapReplicateError } from './replicate-error';
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
  /**
   * The model trainings push their new versions to (`owner/model`, created
   * beforehand on your account); `providerOptions.replicate.destination`
   * overrides it per request. A training without either fails with
   * `invalid_request`.
   */
  trainingDestination?: string;
}

/** The Replicate provider: image, speech, music and video models and trainers by `owner/name` (no text models). */
export interface ReplicateProvider extends Provider {
  imageModel(modelId: ReplicateImageModelId): ImageModel;
  speechModel(modelId: ReplicateSpeechModelId): SpeechModel;
  musicModel(modelId: ReplicateMusicModelId): MusicModel;
  videoModel(modelId: ReplicateVideoModelId): VideoModel;
  trainingModel(modelId: ReplicateTrainingModelId): TrainingModel;
}

/** The id a model is priced as: `owner/name:version` → `owner/name`. */
const listedId = (modelId: string): string => modelId.split(':')[0] ?? modelId;

const replicate = defineHttpProvider({
  name: 'replicate',
  description:
    'Replicate image, speech, music and video models as predictions (Prefer: wait, polling, cancel), and trainings.',
  version: VERSION,
  features: ['image', 'speech', 'music', 'video', 'training'],
  costPerUnit: { perImage: 3_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: 'REPLICATE_API_TOKEN',
    baseURL: 'REPLICATE_BASE_URL',
  },
  defaultBaseURL: 'https://api.replicate.com/v1',
  // GET /account reads the token's account: free, and needs the token.
  probe: { path: '/account', mapError: mapReplicateError },
  settingsSchema: httpProviderSettingsSchema.extend({
    waitSeconds: z.number().int().min(1).max(60).optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
    trainingDestination: z.string().regex(TRAINING_DESTINATION).optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    pollIntervalMs: settings.pollIntervalMs,
    waitSeconds: settings.waitSeconds ?? 60,
    trainingDestination: settings.trainingDestination,
  }),
  image: {
    capabilities: REPLICATE_IMAGE_CAPABILITIES,
    // List prices in micro-credits per image; a pinned `owner/name:version` takes its model's.
    models: {
      'black-forest-labs/flux-schnell': { cost: { perImage: 3_000 } },
      'black-forest-labs/flux-dev': { cost: { perImage: 25_000 } },
    },
    listedId,
    create: (modelId, { config, cost }) =>
      createReplicateImageModel(modelId, { ...config, cost }),
  },
  // Replicate bills these models by GPU time (https://replicate.com/pricing:
  // T4 $0.000225/s, A100 80GB $0.0014/s). The prices below turn it into
  // micro-credits per second of audio returned, from the GPU time a second of
  // audio takes; see each model.
  speech: {
    capabilities: REPLICATE_SPEECH_CAPABILITIES,
    models: {
      // Kokoro runs on a T4 at ~0.25 s of GPU per second of speech (~60
      // µcredits), plus ~1 s of set-up per prediction (225 µcredits).
      'jaaari/kokoro-82m': { cost: { perRequest: 225, perSecond: 60 } },
    },
    listedId,
    create: (modelId, { config, cost }) =>
      createReplicateSpeechModel(modelId, { ...config, cost }),
  },
  music: {
    capabilities: REPLICATE_MUSIC_CAPABILITIES,
    models: {
      // MusicGen stereo-large runs on an A100 80GB at ~1.5 s of GPU per
      // second of music (400 steps at ~37 it/s for 8 s), so ~$0.0021 per second.
      'meta/musicgen': { cost: { perSecond: 2_100 } },
    },
    listedId,
    create: (modelId, { config, cost }) =>
      createReplicateMusicModel(modelId, { ...config, cost }),
  },
  video: {
    capabilities: GENERIC_VIDEO_SPEC.capabilities,
    models: {
      // Replicate's page: ~$0.41 a run on an H100 for the default 163
      // frames at 30 fps (5.4 s): ~$0.0755 per second of video (estimate).
      'genmoai/mochi-1': {
        cost: { perSecond: 75_500 },
        capabilities: VIDEO_MODEL_SPECS['genmoai/mochi-1'].capabilities,
      },
      // An official model priced per video: $0.50 for its 6 s (not in the
      // stored docs; unverified).
      'minimax/video-01': {
        cost: { perRequest: 500_000 },
        capabilities: VIDEO_MODEL_SPECS['minimax/video-01'].capabilities,
      },
      // Official, priced by the video's length at 16 fps: $0.09 per second
      // at 480p (the rate is not in the stored docs; unverified).
      'wavespeedai/wan-2.1-i2v-480p': {
        cost: { perSecond: 90_000 },
        capabilities:
          VIDEO_MODEL_SPECS['wavespeedai/wan-2.1-i2v-480p'].capabilities,
      },
    },
    listedId,
    create: (modelId, { config, cost, capabilities }) =>
      createReplicateVideoModel(modelId, { ...config, cost }, capabilities),
  },
  training: {
    capabilities: REPLICATE_TRAINING_CAPABILITIES,
    models: {
      // Runs on an H100 ($0.001525/s): the captured run took 1,675 s of GPU
      // for 1,500 steps, so ~$0.0017 per step (estimate).
      'ostris/flux-dev-lora-trainer': {
        cost: { perStep: 1_700 },
        capabilities: FLUX_LORA_TRAINER_CAPABILITIES,
      },
    },
    listedId,
    create: (modelId, { config, cost, capabilities }) =>
      createReplicateTrainingModel(modelId, { ...config, cost }, capabilities),
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
 * const { audio } = await replicate.musicModel('meta/musicgen').generate({ prompt: 'calm piano', durationMs: 8_000 }, {});
 * const { video } = await replicate.videoModel('minimax/video-01').generate({ prompt: 'a fox in the snow' }, {});
 */
export const createReplicate: (
  settings?: ReplicateProviderSettings,
) => ReplicateProvider = replicate.createProvider;

/** How the server plugs Replicate in: `use: replicate` in the config. */
export const switchyardProvider = replicate.switchyardProvider;
