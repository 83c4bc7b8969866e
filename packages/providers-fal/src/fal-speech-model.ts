import {
  omitUndefined,
  unsupportedSetting,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import { audioOutputSchema } from './fal-api';
import { falSpeechModel } from './fal-audio-model';
import { downloadFalAudio } from './fal-audio';
import type { FalModelConfig } from './fal-endpoint';

/** fal speech model ids with known prices; any other id is passed through. */
export type FalSpeechModelId = 'fal-ai/kokoro/american-english' | (string & {});

/** Kokoro's American English voices (https://fal.ai/models/fal-ai/kokoro/american-english/api). */
const KOKORO_AMERICAN_VOICES = [
  'af_heart',
  'af_alloy',
  'af_aoede',
  'af_bella',
  'af_jessica',
  'af_kore',
  'af_nicole',
  'af_nova',
  'af_river',
  'af_sarah',
  'af_sky',
  'am_adam',
  'am_echo',
  'am_eric',
  'am_fenrir',
  'am_liam',
  'am_michael',
  'am_onyx',
  'am_puck',
  'am_santa',
];

/**
 * Kokoro (American English) on fal: a WAV file at a URL, speed 0.1 to 5, no
 * instructions. fal documents no text limit; 5,000 characters keeps one call
 * well inside its request size.
 */
export const FAL_KOKORO_CAPABILITIES: SpeechCapabilities = {
  voices: KOKORO_AMERICAN_VOICES,
  defaultVoice: 'af_heart',
  formats: ['wav'],
  maxCharacters: 5_000,
  speed: true,
  instructions: false,
  languages: ['en'],
};

function kokoroWarnings(request: SpeechRequest): Warning[] {
  return request.instructions === undefined
    ? []
    : [unsupportedSetting({ setting: 'instructions' })];
}

/**
 * A fal TTS model taking `{ prompt, voice, speed }` and answering
 * `{ audio: File }`; the file is downloaded and handed over inline.
 */
export function createFalSpeechModel(options: {
  modelId: string;
  config: FalModelConfig;
  capabilities: SpeechCapabilities;
  mode: 'queue' | 'sync';
}): SpeechModel {
  const { modelId, config, capabilities, mode } = options;
  return falSpeechModel({
    endpoint: {
      modelId,
      config,
      body: (request: SpeechRequest) =>
        omitUndefined({
          prompt: request.text,
          voice: request.voice,
          speed: request.speed,
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
    warnings: kokoroWarnings,
  });
}
