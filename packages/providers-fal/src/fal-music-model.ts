import {
  omitUndefined,
  type MusicCapabilities,
  type MusicModel,
  type MusicRequest,
} from '@switchyard/core';
import { audioOutputSchema } from './fal-api';
import { falMusicModel } from './fal-audio-model';
import { downloadFalAudio } from './fal-audio';
import type { FalModelConfig } from './fal-endpoint';

/** fal music model ids with known prices; any other id is passed through. */
export type FalMusicModelId = 'fal-ai/ace-step/prompt-to-audio' | (string & {});

/**
 * ACE-Step (prompt to audio) on fal: 5 to 240 s (default 60), with or
 * without vocals, seeded (https://fal.ai/models/fal-ai/ace-step/prompt-to-audio/api).
 * The output container is not documented; WAV is assumed, and the file's
 * own type decides what is handed over.
 */
export const FAL_ACE_STEP_CAPABILITIES: MusicCapabilities = {
  formats: ['wav'],
  maxDurationMs: 240_000,
  minDurationMs: 5_000,
  defaultDurationMs: 60_000,
  instrumental: true,
  seed: true,
};

/**
 * A fal music model taking `{ prompt, duration (s), instrumental, seed }`
 * and answering `{ audio: File }`, on the queue by default.
 */
export function createFalMusicModel(options: {
  modelId: string;
  config: FalModelConfig;
  capabilities: MusicCapabilities;
  mode: 'queue' | 'sync';
}): MusicModel {
  const { modelId, config, capabilities, mode } = options;
  return falMusicModel({
    endpoint: {
      modelId,
      config,
      body: (request: MusicRequest) =>
        omitUndefined({
          prompt: request.prompt,
          duration:
            request.durationMs === undefined
              ? undefined
              : request.durationMs / 1000,
          instrumental: request.instrumental,
          seed: request.seed,
        }),
      output: audioOutputSchema,
      toResult: async (output, { options: call, responseHeaders }) => ({
        audio: await downloadFalAudio({ file: output.audio, config, call }),
        warnings: [],
        responseHeaders,
      }),
    },
    mode,
    capabilities,
    cost: config.cost,
    warnings: () => [],
  });
}
