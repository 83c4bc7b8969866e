import {
  ignoredSettings,
  omitUndefined,
  taskModelToSpeechModel,
  unsupportedSetting,
  type AudioModelResult,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import { predictionAudio } from './replicate-audio';
import {
  createPredictionTaskModel,
  type PredictionKind,
  type ReplicateModelConfig,
} from './replicate-prediction';

/** Replicate speech model ids: Kokoro, or another model with its input (`owner/name[:version]`). */
export type ReplicateSpeechModelId = 'jaaari/kokoro-82m' | (string & {});

/**
 * The version each listed model runs: Kokoro v1.0, whose schema takes
 * `text`, `voice` (default `af_bella`) and `speed` (0.1–5) and answers one
 * .wav URL (https://replicate.com/jaaari/kokoro-82m/api).
 */
const SPEECH_VERSIONS: Record<string, string> = {
  'jaaari/kokoro-82m':
    'f559560eb822dc509045f3921a1921234918b91739db4bf3daab2169b71c7a13',
};

/** Kokoro v1.0's voices; the first letter names the language, the second the gender. */
export const KOKORO_VOICES: readonly string[] = [
  ...['af_heart', 'af_alloy', 'af_aoede', 'af_bella', 'af_jessica'],
  ...['af_kore', 'af_nicole', 'af_nova', 'af_river', 'af_sarah', 'af_sky'],
  ...['am_adam', 'am_echo', 'am_eric', 'am_fenrir', 'am_liam'],
  ...['am_michael', 'am_onyx', 'am_puck', 'am_santa'],
  ...['bf_alice', 'bf_emma', 'bf_isabella', 'bf_lily'],
  ...['bm_daniel', 'bm_fable', 'bm_george', 'bm_lewis'],
  ...['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo'],
  ...['zf_xiaobei', 'zf_xiaoni', 'zf_xiaoxiao', 'zf_xiaoyi'],
  ...['zm_yunjian', 'zm_yunxi', 'zm_yunxia', 'zm_yunyang'],
  ...['ef_dora', 'em_alex', 'em_santa', 'ff_siwis'],
  ...['hf_alpha', 'hf_beta', 'hm_omega', 'hm_psi'],
  ...['if_sara', 'im_nicola', 'pf_dora', 'pm_alex', 'pm_santa'],
];

/** The language (BCP 47 primary tag) of each voice prefix letter. */
const LANGUAGE_OF_PREFIX: Record<string, string> = {
  a: 'en',
  b: 'en',
  e: 'es',
  f: 'fr',
  h: 'hi',
  i: 'it',
  j: 'ja',
  p: 'pt',
  z: 'zh',
};

/** The voice a request in a language gets when it names none. */
const VOICE_OF_LANGUAGE: Record<string, string> = {
  en: 'af_bella',
  es: 'ef_dora',
  fr: 'ff_siwis',
  hi: 'hf_alpha',
  it: 'if_sara',
  ja: 'jf_alpha',
  pt: 'pf_dora',
  zh: 'zf_xiaobei',
};

/**
 * Kokoro on Replicate: its voices, WAV only, speed, no instructions. It
 * splits long text itself, so the gateway's own limit is its limit.
 */
export const REPLICATE_SPEECH_CAPABILITIES: SpeechCapabilities = {
  voices: [...KOKORO_VOICES],
  defaultVoice: 'af_bella',
  formats: ['wav'],
  maxCharacters: 10_000,
  speed: true,
  instructions: false,
  languages: Object.keys(VOICE_OF_LANGUAGE),
};

/** The primary tag of a language (`de-DE` → `de`). */
function primaryLanguage(language: string): string {
  return language.split('-')[0]?.toLowerCase() ?? language;
}

/** The voice a request is spoken in: its own, else its language's, else the default. */
function voiceOf(request: SpeechRequest): string {
  const language =
    request.language === undefined
      ? undefined
      : primaryLanguage(request.language);
  return (
    request.voice ??
    (language === undefined ? undefined : VOICE_OF_LANGUAGE[language]) ??
    'af_bella'
  );
}

/** What Kokoro cannot honour: instructions, and a language its voice does not speak. */
function speechWarnings(request: SpeechRequest): Warning[] {
  const warnings = ignoredSettings(request, ['instructions']);
  const { voice, language } = request;
  const spoken = LANGUAGE_OF_PREFIX[voiceOf(request).charAt(0)];
  if (voice !== undefined && language !== undefined) {
    if (spoken !== primaryLanguage(language)) {
      warnings.push(
        unsupportedSetting({
          setting: 'language',
          details: `Kokoro speaks the language of its voice: ${voice} speaks ${spoken ?? 'its own language'}, not ${language}.`,
        }),
      );
    }
  }
  return warnings;
}

/**
 * A Replicate speech model: a Kokoro prediction created with `Prefer: wait`
 * (short texts answer at once), else polled; its .wav output is downloaded
 * and returned as base64.
 */
export function createReplicateSpeechModel(
  modelId: string,
  config: ReplicateModelConfig,
): SpeechModel {
  const kind: PredictionKind<SpeechRequest, AudioModelResult> = {
    input: (request) =>
      omitUndefined({
        text: request.text,
        voice: voiceOf(request),
        speed: request.speed,
      }),
    result: (prediction, options) =>
      predictionAudio({ prediction, format: 'wav', config, options }),
  };
  const taskModel = createPredictionTaskModel({
    modelId,
    config,
    kind,
    defaultVersion: SPEECH_VERSIONS[modelId],
  });
  return taskModelToSpeechModel({
    taskModel,
    capabilities: REPLICATE_SPEECH_CAPABILITIES,
    cost: config.cost,
    warnings: speechWarnings,
  });
}
