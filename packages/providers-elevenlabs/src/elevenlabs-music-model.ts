import {
  HttpModel,
  ignoredSettings,
  omitUndefined,
  postForBinary,
  type AudioModelResult,
  type CallOptions,
  type HttpModelConfig,
  type KnownModels,
  type MusicCapabilities,
  type MusicModel,
  type MusicRequest,
} from '@switchyard/core';
import {
  audioFromResponse,
  formatsOf,
  MUSIC_OUTPUT_FORMATS,
  outputFormatFor,
} from './elevenlabs-audio';
import { mapElevenLabsError } from './elevenlabs-error';

/** Music model ids; `music_v1` is listed with a price, any other id is passed through. */
export type ElevenLabsMusicModelId = 'music_v1' | 'music_v2' | (string & {});

/**
 * Eleven Music: 3 s to 10 min (`music_length_ms` 3,000–600,000 in the
 * compose API). A request without a length gets 30 s, sent explicitly so the
 * price held before the call is the price of what comes back. `seed` is not
 * taken with a prompt (only with a composition plan).
 */
export const ELEVENLABS_MUSIC_CAPABILITIES: MusicCapabilities = {
  formats: formatsOf(MUSIC_OUTPUT_FORMATS),
  minDurationMs: 3_000,
  maxDurationMs: 600_000,
  defaultDurationMs: 30_000,
  instrumental: true,
  seed: false,
};

/**
 * Eleven Music at $0.30 a minute of audio (ElevenLabs API pricing,
 * https://elevenlabs.io/pricing/api, as listed in June 2026): 5,000
 * micro-credits a second (1 credit = $1).
 */
export const ELEVENLABS_MUSIC_MODELS: KnownModels<MusicCapabilities> = {
  music_v1: { cost: { perSecond: 5_000 } },
};

/** The JSON body of `POST /v1/music`. */
interface ComposeMusicBody {
  prompt: string;
  music_length_ms: number;
  model_id: string;
  force_instrumental?: boolean;
}

/**
 * An Eleven Music model over `POST /v1/music`. The API is synchronous: one
 * long request answers with the whole song as bytes, so `generate` is that
 * request under the caller's signal (an abort closes it; there is no task to
 * cancel).
 */
export class ElevenLabsMusicModel
  extends HttpModel<HttpModelConfig>
  implements MusicModel
{
  readonly kind = 'music';
  readonly capabilities = ELEVENLABS_MUSIC_CAPABILITIES;
  protected override readonly mapError = mapElevenLabsError;

  async generate(
    request: MusicRequest,
    options: CallOptions,
  ): Promise<AudioModelResult> {
    const format = request.format ?? 'mp3';
    const outputFormat = outputFormatFor({
      provider: this.provider,
      table: MUSIC_OUTPUT_FORMATS,
      format,
    });
    const body: ComposeMusicBody = omitUndefined({
      prompt: request.prompt,
      music_length_ms:
        request.durationMs ?? ELEVENLABS_MUSIC_CAPABILITIES.defaultDurationMs,
      model_id: this.modelId,
      force_instrumental: request.instrumental,
    });
    const query = new URLSearchParams({
      output_format: outputFormat.value,
    }).toString();
    const { value, responseHeaders } = await postForBinary({
      ...this.http(options),
      url: `${this.config.baseURL}/v1/music?${query}`,
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
      warnings: ignoredSettings(request, ['seed']),
      responseHeaders,
    };
  }
}
