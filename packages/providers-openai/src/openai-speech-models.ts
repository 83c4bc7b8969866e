import {
  audioFormats,
  type KnownModels,
  type SpeechCapabilities,
} from '@switchyard/core';

/** Speech model ids with known capabilities; any other id is passed through. */
export type OpenAISpeechModelId =
  'gpt-4o-mini-tts' | 'tts-1' | 'tts-1-hd' | (string & {});

/**
 * The voices of `tts-1` and `tts-1-hd` (OpenAI's text-to-speech guide: they
 * take a smaller set than gpt-4o-mini-tts; no `ballad` or `verse`).
 */
const TTS_1_VOICES = [
  'alloy',
  'ash',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
];

/** Every built-in voice: gpt-4o-mini-tts takes them all (`marin` and `cedar` came later). */
const ALL_VOICES = [
  ...TTS_1_VOICES,
  'ballad',
  'verse',
  'marin',
  'cedar',
].sort();

/** What every OpenAI speech model shares: a default voice and 4,096 characters per call. */
const COMMON = { defaultVoice: 'alloy', maxCharacters: 4_096 };

/**
 * What an unlisted id (a new OpenAI model, or another server's through
 * `baseURL`) is taken to be: any voice, speed and instructions, and no price.
 */
export const OPENAI_SPEECH_CAPABILITIES: SpeechCapabilities = {
  ...COMMON,
  formats: [...audioFormats],
  speed: true,
  instructions: true,
};

/**
 * OpenAI's speech models and list prices in micro-credits
 * (https://platform.openai.com/docs/pricing, "Text to speech"):
 * tts-1 $15 and tts-1-hd $30 per million characters. gpt-4o-mini-tts is
 * priced by tokens ($0.60 per million text tokens in, $12 per million audio
 * tokens out), which OpenAI puts at about $0.015 per minute of audio: an
 * ESTIMATE of $0.015 / 60 s = 250 micro-credits per second of audio.
 * Per the API reference, `speed` does not work with gpt-4o-mini-tts and
 * `instructions` do not work with tts-1 or tts-1-hd.
 */
export const OPENAI_SPEECH_MODELS: KnownModels<SpeechCapabilities> = {
  'gpt-4o-mini-tts': {
    cost: { perSecond: 250 },
    capabilities: {
      ...COMMON,
      formats: [...audioFormats],
      voices: ALL_VOICES,
      speed: false,
      instructions: true,
    },
  },
  'tts-1': {
    cost: { perCharacter: 15 },
    capabilities: {
      ...COMMON,
      formats: [...audioFormats],
      voices: TTS_1_VOICES,
      speed: true,
      instructions: false,
    },
  },
  'tts-1-hd': {
    cost: { perCharacter: 30 },
    capabilities: {
      ...COMMON,
      formats: [...audioFormats],
      voices: TTS_1_VOICES,
      speed: true,
      instructions: false,
    },
  },
};
