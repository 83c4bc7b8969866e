import {
  HttpModel,
  SwitchyardError,
  modelPath,
  postJson,
  unsupportedSetting,
  type AudioModelResult,
  type CallOptions,
  type ProviderAudio,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import {
  GEMINI_MODEL_ID,
  generateContentSchema,
  throwIfBlocked,
  throwIfNoMedia,
  type GenerateContentResponse,
} from './gemini-api';
import { mapGeminiError } from './gemini-error';
import { pcmDurationMs, pcmSampleRate, pcmToWav } from './gemini-wav';

/** Gemini's prebuilt TTS voices (https://ai.google.dev/gemini-api/docs/speech-generation#voices). */
export const GEMINI_VOICES = [
  'Zephyr',
  'Puck',
  'Charon',
  'Kore',
  'Fenrir',
  'Leda',
  'Orus',
  'Aoede',
  'Callirrhoe',
  'Autonoe',
  'Enceladus',
  'Iapetus',
  'Umbriel',
  'Algieba',
  'Despina',
  'Erinome',
  'Algenib',
  'Rasalgethi',
  'Laomedeia',
  'Achernar',
  'Alnilam',
  'Schedar',
  'Gacrux',
  'Pulcherrima',
  'Achird',
  'Zubenelgenubi',
  'Vindemiatrix',
  'Sadachbia',
  'Sadaltager',
  'Sulafat',
] as const;

/**
 * Gemini TTS: raw 24 kHz PCM, served as `pcm` or wrapped as `wav` (no other
 * container, so the router skips it for mp3); the tone comes from
 * `instructions`. The models take 8k input tokens and answer at most 16k
 * audio tokens (about 8 minutes); 5,000 characters stay within both.
 */
export const GEMINI_SPEECH_CAPABILITIES: SpeechCapabilities = {
  voices: [...GEMINI_VOICES],
  defaultVoice: 'Kore',
  formats: ['wav', 'pcm'],
  maxCharacters: 5_000,
  speed: false,
  instructions: true,
  // The documented languages, detected from the text (primary tags).
  languages: [
    'ar',
    'bn',
    'de',
    'en',
    'es',
    'fr',
    'hi',
    'id',
    'it',
    'ja',
    'ko',
    'mr',
    'nl',
    'pl',
    'pt',
    'ro',
    'ru',
    'ta',
    'te',
    'th',
    'tr',
    'uk',
    'vi',
  ],
};

/** The body of a TTS model's `:generateContent`. */
interface SpeechContentBody {
  contents: Array<{ role: 'user'; parts: Array<{ text: string }> }>;
  generationConfig: {
    responseModalities: ['AUDIO'];
    speechConfig: {
      voiceConfig: { prebuiltVoiceConfig: { voiceName: string } };
    };
  };
}

/**
 * A Gemini text-to-speech model (`gemini-2.5-flash-preview-tts`, …) through
 * `:generateContent` with audio output: one inline part of raw PCM, handed
 * over as `pcm` or wrapped in a WAV header.
 */
export class GeminiSpeechModel extends HttpModel implements SpeechModel {
  readonly kind = 'speech';
  readonly capabilities = GEMINI_SPEECH_CAPABILITIES;
  protected override readonly mapError = mapGeminiError;

  async generate(
    request: SpeechRequest,
    options: CallOptions,
  ): Promise<AudioModelResult> {
    const format = request.format ?? 'wav';
    if (format !== 'wav' && format !== 'pcm') {
      throw new SwitchyardError({
        code: 'unsupported',
        provider: this.provider,
        message: `${this.modelId} makes wav or pcm audio, not ${format}; route ${format} requests to another provider.`,
      });
    }
    const { value, responseHeaders } = await postJson({
      ...this.http(options),
      url: `${this.config.baseURL}/models/${modelPath({
        provider: this.provider,
        modelId: this.modelId,
        rule: GEMINI_MODEL_ID,
      })}:generateContent`,
      body: this.bodyFor(request),
      parse: generateContentSchema,
    });
    return {
      audio: this.audioOf(value, format),
      warnings: warningsFor(request),
      modelId: value.modelVersion ?? undefined,
      responseHeaders,
    };
  }

  private bodyFor(request: SpeechRequest): SpeechContentBody {
    const instructions = request.instructions?.trim().replace(/[\s:]+$/, '');
    const text =
      instructions === undefined || instructions === ''
        ? request.text
        : `${instructions}: ${request.text}`;
    return {
      contents: [{ role: 'user', parts: [{ text }] }],
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: {
          voiceConfig: {
            prebuiltVoiceConfig: {
              voiceName:
                request.voice ??
                GEMINI_SPEECH_CAPABILITIES.defaultVoice ??
                'Kore',
            },
          },
        },
      },
    };
  }

  /** The answer's PCM part, as the asked format. */
  private audioOf(
    response: GenerateContentResponse,
    format: 'wav' | 'pcm',
  ): ProviderAudio {
    throwIfBlocked(response, this.provider);
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    const inline = parts.find((part) =>
      part.inlineData?.mimeType.toLowerCase().startsWith('audio/'),
    )?.inlineData;
    throwIfNoMedia({
      response,
      count: inline == null ? 0 : 1,
      media: 'audio',
      provider: this.provider,
    });
    const sampleRate =
      inline == null ? undefined : pcmSampleRate(inline.mimeType);
    const pcm = Buffer.from(inline?.data ?? '', 'base64');
    if (sampleRate === undefined || pcm.byteLength === 0) {
      throw new SwitchyardError({
        code: 'invalid_response',
        provider: this.provider,
        message: `${this.provider} answered with ${pcm.byteLength === 0 ? 'empty audio' : `audio of type ${inline?.mimeType ?? ''}`} where raw PCM was expected.`,
      });
    }
    const bytes = format === 'wav' ? pcmToWav(pcm, sampleRate) : pcm;
    return {
      base64: Buffer.from(bytes).toString('base64'),
      format,
      sampleRate,
      durationMs: pcmDurationMs(pcm.byteLength, sampleRate),
    };
  }
}

/** Settings Gemini TTS cannot take. */
function warningsFor(request: SpeechRequest): Warning[] {
  const warnings: Warning[] = [];
  if (request.speed !== undefined && request.speed !== 1) {
    warnings.push(
      unsupportedSetting({
        setting: 'speed',
        details:
          'Gemini TTS has no speed setting; ask for a pace in `instructions` ("Say quickly").',
      }),
    );
  }
  if (request.language !== undefined) {
    warnings.push(
      unsupportedSetting({
        setting: 'language',
        details:
          'Gemini TTS speaks the language of the text; the language tag was not sent.',
      }),
    );
  }
  return warnings;
}
