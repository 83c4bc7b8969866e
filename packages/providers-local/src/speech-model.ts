import {
  SwitchyardError,
  ignoredSettings,
  type AudioModelResult,
  type CallOptions,
  type CostMetadata,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import { DEFAULT_WORDS_PER_MINUTE, MIN_WORDS_PER_MINUTE } from './espeak';
import { applyFaults } from './faults';
import { audioModelResult, localAudioFormat, runLocalTask } from './local-task';
import type { LocalSettings } from './settings';
import {
  DEFAULT_VOICE,
  LOCAL_VOICES,
  primaryLanguage,
  voiceById,
  voiceForLanguage,
  type LocalVoice,
} from './speech-voices';

/** The id of the local speech model. */
export const SPEECH_MODEL_ID = 'speech';

export const SPEECH_CAPABILITIES: SpeechCapabilities = {
  voices: LOCAL_VOICES.map((voice) => voice.id),
  defaultVoice: DEFAULT_VOICE,
  formats: ['wav', 'pcm'],
  // About 4 minutes of speech and 2 s of CPU in a worker thread.
  maxCharacters: 4_000,
  speed: true,
  instructions: false,
  languages: [
    ...new Set(LOCAL_VOICES.map((voice) => primaryLanguage(voice.language))),
  ],
};

/** Local speech costs nothing. */
export const SPEECH_COST: CostMetadata = { perCharacter: 0 };

/** The voice a request gets, and a warning when its language had to give way. */
function chooseVoice(
  request: SpeechRequest,
  provider: string,
): { voice: LocalVoice; warnings: Warning[] } {
  if (request.voice !== undefined) {
    const voice = voiceById(request.voice);
    if (voice === undefined) {
      throw new SwitchyardError({
        code: 'invalid_request',
        provider,
        message: `The local speech model has no voice "${request.voice}"; it has ${LOCAL_VOICES.map((known) => known.id).join(', ')}.`,
      });
    }
    const clash =
      request.language !== undefined &&
      primaryLanguage(request.language) !== primaryLanguage(voice.language);
    const warnings: Warning[] = clash
      ? [
          {
            type: 'adjusted-setting',
            setting: 'language',
            message: `The voice "${voice.id}" speaks ${voice.language}; language ${request.language} was not applied.`,
          },
        ]
      : [];
    return { voice, warnings };
  }
  const byLanguage =
    request.language === undefined
      ? undefined
      : voiceForLanguage(request.language);
  if (request.language !== undefined && byLanguage === undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `The local speech model does not speak ${request.language}; it speaks ${SPEECH_CAPABILITIES.languages?.join(', ')}.`,
    });
  }
  return {
    voice: byLanguage ?? (voiceById(DEFAULT_VOICE) as LocalVoice),
    warnings: [],
  };
}

/** eSpeak's rate for a speed, and a warning when eSpeak cannot go that slow. */
function wordsPerMinute(speed: number | undefined): {
  rate: number;
  warnings: Warning[];
} {
  const wanted = DEFAULT_WORDS_PER_MINUTE * (speed ?? 1);
  if (wanted >= MIN_WORDS_PER_MINUTE) return { rate: wanted, warnings: [] };
  const slowest = MIN_WORDS_PER_MINUTE / DEFAULT_WORDS_PER_MINUTE;
  return {
    rate: MIN_WORDS_PER_MINUTE,
    warnings: [
      {
        type: 'adjusted-setting',
        setting: 'speed',
        message: `The local speech model speaks no slower than speed ${slowest.toFixed(2)}; it used that.`,
      },
    ],
  };
}

/**
 * Creates the `speech` model of a local instance: offline text to speech
 * with eSpeak (mespeak), intelligible if robotic, as WAV or raw PCM (16-bit,
 * 22,050 Hz, mono). Voices are eSpeak's languages, some with a female
 * variant; `speed` sets the rate (175 words a minute at 1). Synthesis runs
 * in a worker thread.
 */
export function createSpeechModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
}): SpeechModel {
  const { provider, settings, random } = options;
  return {
    kind: 'speech',
    provider,
    modelId: SPEECH_MODEL_ID,
    capabilities: SPEECH_CAPABILITIES,
    cost: SPEECH_COST,
    async generate(
      request: SpeechRequest,
      callOptions: CallOptions,
    ): Promise<AudioModelResult> {
      const modelId = SPEECH_MODEL_ID;
      if (request.text.length > SPEECH_CAPABILITIES.maxCharacters) {
        throw new SwitchyardError({
          code: 'invalid_request',
          provider,
          message: `The local speech model says at most ${SPEECH_CAPABILITIES.maxCharacters} characters per call; this text has ${request.text.length}.`,
        });
      }
      const format = localAudioFormat({
        format: request.format,
        provider,
        modelId,
      });
      const { voice, warnings: voiceWarnings } = chooseVoice(request, provider);
      const { rate, warnings: rateWarnings } = wordsPerMinute(request.speed);
      const { signal } = callOptions;
      await applyFaults({ faults: settings.faults, provider, random, signal });
      const outcome = await runLocalTask(
        'speak',
        {
          text: request.text,
          voice: voice.module,
          ...(voice.variant === undefined ? {} : { variant: voice.variant }),
          wordsPerMinute: rate,
          format,
        },
        { provider, signal },
      );
      return audioModelResult({
        outcome,
        format,
        provider,
        modelId,
        warnings: [
          ...voiceWarnings,
          ...rateWarnings,
          ...ignoredSettings(request, ['instructions']),
        ],
      });
    },
  };
}
