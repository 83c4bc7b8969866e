import {
  HttpModel,
  omitUndefined,
  parseProviderOptions,
  postForBinary,
  unsupportedSetting,
  type AudioFormat,
  type AudioModelResult,
  type CallOptions,
  type CostMetadata,
  type HttpModelContext,
  type MapError,
  type ModelHttpConfig,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import type { ChatProviderOptions } from './chat-model';
import type { SpeechRequestBody } from './speech-api';
import { fixStreamedWavSizes } from './wav-sizes';

/** OpenAI's raw `pcm`: 16-bit little-endian mono at 24 kHz, no header. */
const DEFAULT_PCM_SAMPLE_RATE = 24_000;

/** How an API's own options (under `providerOptions.<key>`) join the speech body. */
export type SpeechProviderOptions<TOptions> = ChatProviderOptions<TOptions>;

/** Everything an {@link OpenAICompatibleSpeechModel} needs to know about its API. */
export interface OpenAICompatibleSpeechConfig<
  TOptions = unknown,
> extends ModelHttpConfig {
  /** The API's special error cases on top of core's status mapping. */
  mapError?: MapError;
  capabilities: SpeechCapabilities;
  cost?: CostMetadata;
  /**
   * Samples per second of a `pcm` answer, which has no header to say it.
   * Default 24 000 (OpenAI's).
   */
  pcmSampleRate?: number;
  providerOptions?: SpeechProviderOptions<TOptions>;
}

/**
 * A speech model over an OpenAI-style `POST /audio/speech` (JSON in, audio
 * bytes out), returned as base64 for core's result check to measure.
 * Provider packages configure it with their URL, headers, voices and prices;
 * it holds no provider's name.
 */
export class OpenAICompatibleSpeechModel<TOptions = unknown>
  extends HttpModel<OpenAICompatibleSpeechConfig<TOptions>>
  implements SpeechModel
{
  readonly kind = 'speech';
  readonly capabilities: SpeechCapabilities = this.config.capabilities;
  protected override readonly mapError = this.config.mapError;

  async generate(
    request: SpeechRequest,
    options: CallOptions,
  ): Promise<AudioModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } = await postForBinary({
      ...this.http(options),
      url: `${this.config.baseURL}/audio/speech`,
      body,
    });
    const format = body.response_format;
    const bytes =
      format === 'wav' ? fixStreamedWavSizes(value.data) : value.data;
    return {
      audio: {
        base64: Buffer.from(
          bytes.buffer,
          bytes.byteOffset,
          bytes.byteLength,
        ).toString('base64'),
        format,
        ...(format === 'pcm'
          ? {
              sampleRate: this.config.pcmSampleRate ?? DEFAULT_PCM_SAMPLE_RATE,
            }
          : {}),
      },
      warnings,
      responseHeaders,
    };
  }

  private getArgs(request: SpeechRequest): {
    body: SpeechRequestBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    const { capabilities } = this;
    if (request.speed !== undefined && !capabilities.speed) {
      warnings.push(
        unsupportedSetting({
          setting: 'speed',
          details: `${this.modelId} does not take a speed; it was ignored.`,
        }),
      );
    }
    if (request.instructions !== undefined && !capabilities.instructions) {
      warnings.push(
        unsupportedSetting({
          setting: 'instructions',
          details: `${this.modelId} does not take instructions; they were ignored.`,
        }),
      );
    }
    if (request.language !== undefined) {
      warnings.push(
        unsupportedSetting({
          setting: 'language',
          details:
            'The speech endpoint takes no language; the model speaks the language of the text.',
        }),
      );
    }
    const format: AudioFormat = request.format ?? 'mp3';
    const fields: SpeechRequestBody = {
      model: this.modelId,
      input: request.text,
      voice: request.voice ?? capabilities.defaultVoice,
      response_format: format,
      speed: capabilities.speed ? request.speed : undefined,
      instructions: capabilities.instructions
        ? request.instructions
        : undefined,
    };
    const body = {
      ...omitUndefined(this.ownFields(request)),
      ...omitUndefined(fields),
    };
    return { body, warnings };
  }

  /** The body fields of the request's `providerOptions` for this API. */
  private ownFields(request: SpeechRequest): Record<string, unknown> {
    const { providerOptions } = this.config;
    if (providerOptions === undefined) return {};
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: providerOptions.key,
      providerOptions: request.providerOptions,
      schema: providerOptions.schema,
    });
    return ownOptions === undefined ? {} : providerOptions.toBody(ownOptions);
  }
}

/** How a provider's speech models differ from the plain API: error cases, PCM rate, options. */
export type SpeechModelSettings<TOptions> = Omit<
  OpenAICompatibleSpeechConfig<TOptions>,
  keyof ModelHttpConfig | 'capabilities' | 'cost'
>;

/**
 * The `speech.create` of a provider whose speech models speak
 * `/audio/speech`: each id becomes an {@link OpenAICompatibleSpeechModel}
 * with the provider's config, the id's listed price and capabilities, and
 * `settings`.
 *
 * @example
 * speech: { capabilities, models, create: speechModelFactory({ mapError: mapOpenAIError }) }
 */
export function speechModelFactory<TOptions = unknown>(
  settings: SpeechModelSettings<TOptions> = {},
): (
  modelId: string,
  context: HttpModelContext<ModelHttpConfig, unknown, SpeechCapabilities>,
) => OpenAICompatibleSpeechModel<TOptions> {
  return (modelId, { config, cost, capabilities }) =>
    new OpenAICompatibleSpeechModel(modelId, {
      ...config,
      ...settings,
      capabilities,
      cost,
    });
}
