import {
  HttpModel,
  SwitchyardError,
  omitUndefined,
  omitUndefinedOrNone,
  parseProviderOptions,
  postForBinary,
  unsupportedSetting,
  type AudioModelResult,
  type CallOptions,
  type HttpModelConfig,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import {
  audioFromResponse,
  outputFormatFor,
  SPEECH_OUTPUT_FORMATS,
} from './elevenlabs-audio';
import { mapElevenLabsError } from './elevenlabs-error';
import {
  DEFAULT_VOICE_ID,
  elevenLabsSpeechOptionsSchema,
  LANGUAGE_CODE_MODELS,
  SPEED_RANGE,
  type ElevenLabsSpeechOptions,
} from './elevenlabs-speech-options';

/** What an {@link ElevenLabsSpeechModel} needs: core's config, the listed price, the model's capabilities. */
export interface ElevenLabsSpeechModelConfig extends HttpModelConfig {
  capabilities: SpeechCapabilities;
}

/** A voice id as ElevenLabs makes them (20 letters and digits); kept to a path-safe form. */
const VOICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The JSON body of `POST /v1/text-to-speech/{voice_id}`. */
interface TextToSpeechBody {
  text: string;
  model_id: string;
  language_code?: string;
  voice_settings?: Omit<
    ElevenLabsSpeechOptions,
    'seed' | 'apply_text_normalization'
  > & { speed?: number };
  seed?: number;
  apply_text_normalization?: ElevenLabsSpeechOptions['apply_text_normalization'];
}

/**
 * An ElevenLabs text-to-speech model over `POST /v1/text-to-speech/{voice_id}`:
 * one JSON request, the audio as bytes in the asked `output_format`.
 */
export class ElevenLabsSpeechModel
  extends HttpModel<ElevenLabsSpeechModelConfig>
  implements SpeechModel
{
  readonly kind = 'speech';
  protected override readonly mapError = mapElevenLabsError;

  get capabilities(): SpeechCapabilities {
    return this.config.capabilities;
  }

  async generate(
    request: SpeechRequest,
    options: CallOptions,
  ): Promise<AudioModelResult> {
    const format = request.format ?? 'mp3';
    const outputFormat = outputFormatFor({
      provider: this.provider,
      table: SPEECH_OUTPUT_FORMATS,
      format,
    });
    const voice = this.voicePath(request.voice ?? DEFAULT_VOICE_ID);
    const { body, warnings } = this.getArgs(request);
    const query = new URLSearchParams({
      output_format: outputFormat.value,
    }).toString();
    const { value, responseHeaders } = await postForBinary({
      ...this.http(options),
      url: `${this.config.baseURL}/v1/text-to-speech/${voice}?${query}`,
      body,
    });
    return {
      audio: audioFromResponse({
        provider: this.provider,
        response: value,
        responseHeaders,
        format,
        outputFormat,
      }),
      warnings,
      responseHeaders,
    };
  }

  /**
   * The voice id as a path segment. An id ElevenLabs could not have made is
   * `not_found` without a call, as the API's own `voice_not_found` is: the
   * voice may be another provider's, which a later target can serve.
   */
  private voicePath(voice: string): string {
    if (VOICE_ID.test(voice)) return voice;
    throw new SwitchyardError({
      code: 'not_found',
      provider: this.provider,
      message: `${this.provider} has no voice ${JSON.stringify(voice.slice(0, 64))}: an ElevenLabs voice id is letters and digits, such as "${DEFAULT_VOICE_ID}".`,
    });
  }

  private getArgs(request: SpeechRequest): {
    body: TextToSpeechBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    const providerOptions = parseProviderOptions({
      provider: this.provider,
      key: 'elevenlabs',
      providerOptions: request.providerOptions,
      schema: elevenLabsSpeechOptionsSchema,
    });
    const { seed, apply_text_normalization, ...voiceSettings } =
      providerOptions ?? {};
    if (request.instructions !== undefined) {
      warnings.push(
        unsupportedSetting({
          setting: 'instructions',
          details: `${this.modelId} takes no instructions; ElevenLabs v3 reads audio tags such as [whispers] in the text instead.`,
        }),
      );
    }
    const body: TextToSpeechBody = omitUndefined({
      text: request.text,
      model_id: this.modelId,
      language_code: this.languageCode(request.language, warnings),
      voice_settings: omitUndefinedOrNone({
        ...voiceSettings,
        speed: this.speed(request.speed, warnings),
      }),
      seed,
      apply_text_normalization,
    });
    return { body, warnings };
  }

  /** The ISO 639-1 code of a BCP 47 tag, for models that take one. */
  private languageCode(
    language: string | undefined,
    warnings: Warning[],
  ): string | undefined {
    if (language === undefined) return undefined;
    if (LANGUAGE_CODE_MODELS.has(this.modelId)) {
      return language.split('-')[0]?.toLowerCase();
    }
    warnings.push(
      unsupportedSetting({
        setting: 'language',
        details: `${this.modelId} takes no language code; it detects the language from the text.`,
      }),
    );
    return undefined;
  }

  /** The speed clamped into ElevenLabs's range, with a warning when it was moved. */
  private speed(
    speed: number | undefined,
    warnings: Warning[],
  ): number | undefined {
    if (speed === undefined) return undefined;
    const clamped = Math.min(SPEED_RANGE.max, Math.max(SPEED_RANGE.min, speed));
    if (clamped !== speed) {
      warnings.push(
        unsupportedSetting({
          setting: 'speed',
          details: `ElevenLabs speaks at ${SPEED_RANGE.min} to ${SPEED_RANGE.max} times normal speed; ${clamped} was used instead of ${speed}.`,
        }),
      );
    }
    return clamped;
  }
}
