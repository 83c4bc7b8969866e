import {
  SwitchyardError,
  defineProvider,
  type ImageModel,
  type ModelInfo,
  type MusicModel,
  type Provider,
  type SpeechModel,
  type TextModel,
  type TrainingModel,
  type FetchFunction,
  type VideoModel,
} from '@switchyard/core';
import { ECHO_CAPABILITIES, ECHO_COST, createEchoModel } from './echo-model';
import {
  MUSIC_CAPABILITIES,
  MUSIC_COST,
  MUSIC_MODEL_ID,
  createMusicModel,
} from './music-model';
import {
  PROCEDURAL_CAPABILITIES,
  PROCEDURAL_COST,
  createProceduralModel,
} from './procedural-model';
import { localSettingsSchema, type LocalSettings } from './settings';
import {
  TRAINER_CAPABILITIES,
  TRAINER_COST,
  TRAINER_MODEL_ID,
  createTrainingModel,
  trainedPalette,
} from './training-model';
import {
  SPEECH_CAPABILITIES,
  SPEECH_COST,
  SPEECH_MODEL_ID,
  createSpeechModel,
} from './speech-model';
import { VIDEO_COST, VIDEO_MODEL_ID, createVideoModel } from './video-model';
import { VIDEO_CAPABILITIES } from './video-plan';

/** Options of {@link createLocal}. */
export interface LocalProviderOptions extends LocalSettings {
  /** The name models report as their provider (default `local`); the server passes the instance's name. */
  name?: string;
  /** Source of randomness for fault injection (default `Math.random`); inject one for repeatable tests. */
  random?: () => number;
  /** The fetch the video model gets an image URL with, when `fetchImageUrls` allows (default: core's pooled agent). */
  fetch?: FetchFunction;
}

/** Every local model is a quick offline stand-in: draft quality, fast. */
const DRAFT_FAST = { quality: 'draft', speed: 'fast' } as const;

const LOCAL_MODELS: ModelInfo[] = [
  {
    id: 'procedural',
    kind: 'image',
    description:
      'Deterministic procedural PNG from prompt, seed and size, or an edit of a reference image (with an optional mask); offline and free.',
    capabilities: PROCEDURAL_CAPABILITIES,
    cost: PROCEDURAL_COST,
    tier: DRAFT_FAST,
  },
  {
    id: 'echo',
    kind: 'text',
    description:
      'Development stand-in that echoes the last user message; not a language model.',
    capabilities: ECHO_CAPABILITIES,
    cost: ECHO_COST,
    tier: DRAFT_FAST,
  },
  {
    id: SPEECH_MODEL_ID,
    kind: 'speech',
    description:
      'Offline text to speech with eSpeak: intelligible, robotic; WAV or PCM, several languages and voices.',
    capabilities: SPEECH_CAPABILITIES,
    cost: SPEECH_COST,
    tier: DRAFT_FAST,
  },
  {
    id: MUSIC_MODEL_ID,
    kind: 'music',
    description:
      'Offline synthesized instrumental music (chords, bass, melody, drums), deterministic from prompt and seed; WAV or PCM.',
    capabilities: MUSIC_CAPABILITIES,
    cost: MUSIC_COST,
    tier: DRAFT_FAST,
  },
  {
    id: VIDEO_MODEL_ID,
    kind: 'video',
    description:
      'Offline short looping clips (APNG or GIF, silent) drawn from prompt and seed, or animating a given first frame; a browser plays them.',
    capabilities: VIDEO_CAPABILITIES,
    cost: VIDEO_COST,
    tier: DRAFT_FAST,
  },
  {
    id: TRAINER_MODEL_ID,
    kind: 'training',
    description:
      'Offline stand-in for LoRA training: reads the photos’ colours and names a trained model (trained-…) whose procedural pictures carry them; free, instant.',
    capabilities: TRAINER_CAPABILITIES,
    cost: TRAINER_COST,
    tier: DRAFT_FAST,
  },
];

/** The offline provider: every kind of model, by id (`procedural`, `echo`, `speech`, `music`, `video`, `style`). */
export interface LocalProvider extends Provider {
  speechModel(modelId: string): SpeechModel;
  musicModel(modelId: string): MusicModel;
  videoModel(modelId: string): VideoModel;
  trainingModel(modelId: string): TrainingModel;
}

/**
 * Creates the offline `local` provider: `procedural` (real PNG images, and
 * edits of a reference image), `echo` (a deterministic text stand-in),
 * `speech` (eSpeak text to speech), `music` (a synthesized piece) and
 * `video` (a looping APNG or GIF, from a prompt or a first frame), with
 * optional injected faults so fallback and retries can be shown without
 * any network.
 *
 * @example
 * const local = createLocal({ faults: { rate: 1, code: 'rate_limited', retryAfterMs: 2000 } });
 * await local.imageModel('procedural').generate({ prompt: 'a fox' }, {});
 */
export function createLocal(options: LocalProviderOptions = {}): LocalProvider {
  const { name = 'local', random = Math.random, fetch, ...rest } = options;
  const settings = localSettingsSchema.parse(rest);
  const modelOptions = { provider: name, settings, random };
  const imageModels = new Map<string, ImageModel>([
    ['procedural', createProceduralModel(modelOptions)],
  ]);
  const textModels = new Map<string, TextModel>([
    ['echo', createEchoModel(modelOptions)],
  ]);
  const speechModels = new Map<string, SpeechModel>([
    [SPEECH_MODEL_ID, createSpeechModel(modelOptions)],
  ]);
  const musicModels = new Map<string, MusicModel>([
    [MUSIC_MODEL_ID, createMusicModel(modelOptions)],
  ]);
  const videoModels = new Map<string, VideoModel>([
    [VIDEO_MODEL_ID, createVideoModel({ ...modelOptions, fetch })],
  ]);
  const trainingModels = new Map<string, TrainingModel>([
    [TRAINER_MODEL_ID, createTrainingModel(modelOptions)],
  ]);
  const trainedModel = (modelId: string): ImageModel | undefined => {
    const palette = trainedPalette(modelId);
    if (palette === undefined) return undefined;
    const model = createProceduralModel({
      ...modelOptions,
      trained: { modelId, palette },
    });
    return model;
  };
  return {
    name: 'local',
    imageModel: (modelId) =>
      imageModels.get(modelId) ??
      trainedModel(modelId) ??
      unknownModel({ name, modelId, known: imageModels }),
    textModel: (modelId) =>
      textModels.get(modelId) ??
      unknownModel({ name, modelId, known: textModels }),
    speechModel: (modelId) =>
      speechModels.get(modelId) ??
      unknownModel({ name, modelId, known: speechModels }),
    musicModel: (modelId) =>
      musicModels.get(modelId) ??
      unknownModel({ name, modelId, known: musicModels }),
    videoModel: (modelId) =>
      videoModels.get(modelId) ??
      unknownModel({ name, modelId, known: videoModels }),
    trainingModel: (modelId) =>
      trainingModels.get(modelId) ??
      unknownModel({ name, modelId, known: trainingModels }),
    listModels: () => LOCAL_MODELS.map((model) => ({ ...model })),
    // Offline: nothing to reach, so it always answers (faults are for calls).
    probe: () => Promise.resolve(),
  };
}

function unknownModel(options: {
  name: string;
  modelId: string;
  known: Map<string, unknown>;
}): never {
  throw new SwitchyardError({
    code: 'not_found',
    provider: options.name,
    message: `The local provider has no model "${options.modelId}"; it has ${[...options.known.keys()].join(', ')}.`,
  });
}

/** How the server plugs `local` in: `use: local` in the config. */
export const switchyardProvider = defineProvider<LocalSettings>({
  name: 'local',
  description:
    'Offline provider: procedural PNG images and edits, an echo text model, eSpeak speech, synthesized music, short APNG/GIF video and a style trainer, with fault injection. Free; no keys.',
  features: [
    'image',
    'text',
    'text-stream',
    'speech',
    'music',
    'video',
    'image-edit',
    'training',
  ],
  costPerUnit: { perImage: 0 },
  isAsync: false,
  settingsSchema: localSettingsSchema,
  models: LOCAL_MODELS,
  create: (settings, context) =>
    createLocal({ ...settings, name: context.instanceName }),
});
