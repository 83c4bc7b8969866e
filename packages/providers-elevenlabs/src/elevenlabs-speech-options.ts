import type { KnownModels, SpeechCapabilities } from '@switchyard/core';
import { z } from 'zod';
import { formatsOf, SPEECH_OUTPUT_FORMATS } from './elevenlabs-audio';

/** Text-to-speech model ids with known limits and prices; any other id is passed through. */
export type ElevenLabsSpeechModelId =
  | 'eleven_multilingual_v2'
  | 'eleven_flash_v2_5'
  | 'eleven_turbo_v2_5'
  | 'eleven_v3'
  | (string & {});

/** The voice used when a request names none: "George", a premade voice every account has. */
export const DEFAULT_VOICE_ID = 'JBFqnCBsd6RMkjVDRZzb';

/** ElevenLabs's `voice_settings.speed` range; a request's speed is clamped into it. */
export const SPEED_RANGE = { min: 0.7, max: 1.2 } as const;

/**
 * Models that take `language_code` (ISO 639-1). Multilingual v2 answers 400
 * "does not support the language_code" and detects the language itself.
 */
export const LANGUAGE_CODE_MODELS: ReadonlySet<string> = new Set([
  'eleven_flash_v2_5',
  'eleven_turbo_v2_5',
  'eleven_v3',
]);

// Languages per https://elevenlabs.io/docs/overview/models (ISO 639-1, `fil` Filipino).
const MULTILINGUAL_V2_LANGUAGES = [
  'en', 'ja', 'zh', 'de', 'hi', 'fr', 'ko', 'pt', 'it', 'es', 'id', 'nl', 'tr', 'fil', 'pl',
  'sv', 'bg', 'ro', 'ar', 'cs', 'el', 'fi', 'hr', 'ms', 'sk', 'da', 'ta', 'uk', 'ru',
]; // prettier-ignore
const V2_5_LANGUAGES = [...MULTILINGUAL_V2_LANGUAGES, 'hu', 'no', 'vi'];

/** Capabilities of an unlisted model id: any voice id, the common formats, 10,000 characters. */
export const ELEVENLABS_SPEECH_CAPABILITIES: SpeechCapabilities = {
  defaultVoice: DEFAULT_VOICE_ID,
  formats: formatsOf(SPEECH_OUTPUT_FORMATS),
  maxCharacters: 10_000,
  speed: true,
  instructions: false,
};

/**
 * Listed models. Characters per request from the models page (v3 5,000,
 * Multilingual v2 10,000, Flash/Turbo v2.5 40,000). Prices from
 * https://elevenlabs.io/pricing/api: Multilingual v2/v3 $0.10 and
 * Flash/Turbo $0.05 per 1,000 characters, i.e. 100 and 50 micro-credits a
 * character (1 credit = $1). In ElevenLabs's own credits that is 1 credit a
 * character, and 0.5 for Flash/Turbo (help.elevenlabs.io "How do I find the
 * model ID").
 */
export const ELEVENLABS_SPEECH_MODELS: KnownModels<SpeechCapabilities> = {
  eleven_multilingual_v2: {
    cost: { perCharacter: 100 },
    capabilities: {
      ...ELEVENLABS_SPEECH_CAPABILITIES,
      languages: MULTILINGUAL_V2_LANGUAGES,
    },
  },
  eleven_flash_v2_5: {
    cost: { perCharacter: 50 },
    capabilities: {
      ...ELEVENLABS_SPEECH_CAPABILITIES,
      maxCharacters: 40_000,
      languages: V2_5_LANGUAGES,
    },
  },
  eleven_turbo_v2_5: {
    cost: { perCharacter: 50 },
    capabilities: {
      ...ELEVENLABS_SPEECH_CAPABILITIES,
      maxCharacters: 40_000,
      languages: V2_5_LANGUAGES,
    },
  },
  eleven_v3: {
    cost: { perCharacter: 100 },
    capabilities: { ...ELEVENLABS_SPEECH_CAPABILITIES, maxCharacters: 5_000 },
  },
};

/** Options under `providerOptions.elevenlabs` for speech calls, in the API's own names. */
export const elevenLabsSpeechOptionsSchema = z.strictObject({
  /** 0 to 1: higher is steadier, lower more expressive. */
  stability: z.number().min(0).max(1).optional(),
  /** 0 to 1: how closely to match the voice's samples. */
  similarity_boost: z.number().min(0).max(1).optional(),
  /** 0 to 1: style exaggeration. */
  style: z.number().min(0).max(1).optional(),
  use_speaker_boost: z.boolean().optional(),
  /** Best-effort deterministic sampling. */
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  apply_text_normalization: z.enum(['auto', 'on', 'off']).optional(),
});
export type ElevenLabsSpeechOptions = z.infer<
  typeof elevenLabsSpeechOptionsSchema
>;
