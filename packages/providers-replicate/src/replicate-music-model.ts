import {
  omitUndefined,
  taskModelToMusicModel,
  parseProviderOptions,
  unsupportedSetting,
  type AudioModelResult,
  type MusicCapabilities,
  type MusicModel,
  type MusicRequest,
  type Warning,
} from '@switchyard/core';
import { z } from 'zod';
import { predictionAudio } from './replicate-audio';
import {
  createPredictionTaskModel,
  type PredictionKind,
  type ReplicateModelConfig,
} from './replicate-prediction';

/** Replicate music model ids: MusicGen, or another model with its input (`owner/name[:version]`). */
export type ReplicateMusicModelId = 'meta/musicgen' | (string & {});

/**
 * The version each listed model runs: `meta/musicgen` is a community model,
 * so its predictions name a version (https://replicate.com/meta/musicgen/api).
 */
const MUSIC_VERSIONS: Record<string, string> = {
  'meta/musicgen':
    '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb',
};

/**
 * MusicGen on Replicate: mp3 or wav, whole seconds, instrumental only (it
 * makes no vocals), seeded. Its schema sets no longest duration (pieces past
 * 30 s are made window by window); 3 minutes keeps a call within reason.
 */
export const REPLICATE_MUSIC_CAPABILITIES: MusicCapabilities = {
  formats: ['mp3', 'wav'],
  minDurationMs: 1_000,
  maxDurationMs: 180_000,
  defaultDurationMs: 8_000,
  instrumental: true,
  seed: true,
};

/** `providerOptions.replicate` of a music request: which MusicGen checkpoint runs. */
const musicOptionsSchema = z.strictObject({
  /** Default `stereo-large` (text to music; the melody ones also take a tune). */
  modelVersion: z
    .enum(['stereo-large', 'stereo-melody-large', 'large', 'melody-large'])
    .optional(),
});

/** A duration in whole seconds, as MusicGen takes it. */
function seconds(durationMs: number): number {
  return Math.max(1, Math.round(durationMs / 1_000));
}

/** The prediction input of a music request (MusicGen's fields). */
function musicInput(request: MusicRequest, provider: string): object {
  const options = parseProviderOptions({
    provider,
    key: 'replicate',
    providerOptions: request.providerOptions,
    schema: musicOptionsSchema,
  });
  return omitUndefined({
    prompt: request.prompt,
    model_version: options?.modelVersion ?? 'stereo-large',
    duration: seconds(
      request.durationMs ?? REPLICATE_MUSIC_CAPABILITIES.defaultDurationMs,
    ),
    output_format: request.format ?? 'mp3',
    seed: request.seed,
  });
}

/** What MusicGen cannot honour exactly. */
function musicWarnings(request: MusicRequest): Warning[] {
  const warnings: Warning[] = [];
  if (request.instrumental === false) {
    warnings.push(
      unsupportedSetting({
        setting: 'instrumental',
        details: 'MusicGen makes instrumental music only; it has no vocals.',
      }),
    );
  }
  const { durationMs } = request;
  if (durationMs !== undefined && durationMs % 1_000 !== 0) {
    warnings.push(
      unsupportedSetting({
        setting: 'durationMs',
        details: `MusicGen makes whole seconds: ${seconds(durationMs)} s instead of ${durationMs} ms.`,
      }),
    );
  }
  return warnings;
}

/**
 * A Replicate music model: a MusicGen prediction on core's poller (so it
 * runs in durable jobs and resumes after a restart by its prediction id),
 * whose output file is downloaded and returned as base64.
 */
export function createReplicateMusicModel(
  modelId: string,
  config: ReplicateModelConfig,
): MusicModel {
  const kind: PredictionKind<MusicRequest, AudioModelResult> = {
    input: (request) => musicInput(request, config.provider),
    result: (prediction, options) =>
      predictionAudio({ prediction, format: 'mp3', config, options }),
  };
  const taskModel = createPredictionTaskModel({
    modelId,
    config,
    kind,
    defaultVersion: MUSIC_VERSIONS[modelId],
  });
  return taskModelToMusicModel({
    taskModel,
    capabilities: REPLICATE_MUSIC_CAPABILITIES,
    cost: config.cost,
    warnings: musicWarnings,
  });
}
