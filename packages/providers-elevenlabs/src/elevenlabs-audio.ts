import {
  SwitchyardError,
  type AudioFormat,
  type BinaryResponse,
  type ProviderAudio,
} from '@switchyard/core';

/**
 * One ElevenLabs `output_format` (`codec_sampleRate[_bitrate]`) and the
 * sample rate it names. Only rates every plan may use are chosen: 44.1 kHz
 * PCM/WAV needs the Pro plan, so PCM and WAV are 24 kHz.
 */
export interface OutputFormat {
  value: string;
  sampleRate: number;
}

/**
 * Text to speech: our formats and the `output_format` each is asked as
 * (`POST /v1/text-to-speech/{voice_id}`; the enum of elevenlabs-js
 * `TextToSpeechConvertRequestOutputFormat`). Opus comes in an Ogg container.
 * No AAC or FLAC.
 */
export const SPEECH_OUTPUT_FORMATS: Readonly<
  Partial<Record<AudioFormat, OutputFormat>>
> = {
  mp3: { value: 'mp3_44100_128', sampleRate: 44_100 },
  wav: { value: 'wav_24000', sampleRate: 24_000 },
  opus: { value: 'opus_48000_64', sampleRate: 48_000 },
  pcm: { value: 'pcm_24000', sampleRate: 24_000 },
};

/**
 * Music: our formats and their `output_format` (`POST /v1/music`; the enum
 * of elevenlabs-js `MusicComposeRequestOutputFormat`). No WAV, AAC or FLAC.
 */
export const MUSIC_OUTPUT_FORMATS: Readonly<
  Partial<Record<AudioFormat, OutputFormat>>
> = {
  mp3: { value: 'mp3_44100_128', sampleRate: 44_100 },
  opus: { value: 'opus_48000_128', sampleRate: 48_000 },
  pcm: { value: 'pcm_24000', sampleRate: 24_000 },
};

/** The formats a table offers, in its order, for capabilities. */
export function formatsOf(
  table: Readonly<Partial<Record<AudioFormat, OutputFormat>>>,
): AudioFormat[] {
  return Object.keys(table) as AudioFormat[];
}

/**
 * The `output_format` for a requested format. A format the table lacks is
 * `unsupported` (the engine skips such a target before calling it; this is
 * the model's own guard).
 */
export function outputFormatFor(options: {
  provider: string;
  table: Readonly<Partial<Record<AudioFormat, OutputFormat>>>;
  format: AudioFormat;
}): OutputFormat {
  const found = options.table[options.format];
  if (found !== undefined) return found;
  throw new SwitchyardError({
    code: 'unsupported',
    provider: options.provider,
    message: `${options.provider} cannot return ${options.format} audio; it returns ${formatsOf(options.table).join(', ')}.`,
  });
}

/**
 * The audio of a binary answer, as the engine's check takes it: the bytes
 * as base64 in the requested format. Raw PCM carries no header to measure,
 * so its sample rate and length (16-bit mono) are given. An answer that is
 * not audio (an HTML page with status 200) is `invalid_response`.
 */
export function audioFromResponse(options: {
  provider: string;
  response: BinaryResponse;
  responseHeaders: Record<string, string>;
  format: AudioFormat;
  outputFormat: OutputFormat;
}): ProviderAudio {
  const { response, format, outputFormat } = options;
  const { mimeType } = response;
  if (
    !mimeType.startsWith('audio/') &&
    mimeType !== 'application/octet-stream'
  ) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider: options.provider,
      message: `${options.provider} answered ${mimeType} where ${format} audio was expected.`,
      responseHeaders: options.responseHeaders,
    });
  }
  const base64 = Buffer.from(response.data).toString('base64');
  if (format !== 'pcm') return { base64, format };
  const samples = Math.floor(response.data.byteLength / 2);
  return {
    base64,
    format,
    sampleRate: outputFormat.sampleRate,
    durationMs: (samples / outputFormat.sampleRate) * 1000,
  };
}
