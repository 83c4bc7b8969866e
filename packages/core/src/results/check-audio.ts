import { z } from 'zod';
import type { AudioModelResult } from '../provider/audio-contract';
import {
  AUDIO_MIME_TYPES,
  audioFormatSchema,
  type AudioFormat,
  type GeneratedAudio,
} from '../schemas/audio';
import { LIMITS } from '../schemas/common';
import { measureAudio } from './audio-bytes';
import { checkWarnings, invalidResponse } from './check-result';

/** A speech or music result once checked: its audio measured and complete. */
export type CheckedAudioResult = Omit<AudioModelResult, 'audio'> & {
  audio: GeneratedAudio;
};

const providerAudioSchema = z.object({
  base64: z.string().max(LIMITS.audioBase64).optional(),
  url: z.url().max(LIMITS.audioUrl).optional(),
  format: audioFormatSchema,
  mimeType: z.string().min(1).max(100).optional(),
  durationMs: z.number().positive().optional(),
  sampleRate: z.number().int().positive().optional(),
});

/**
 * Checks what a speech or music model returned: the audio is inline base64
 * that decodes as the `format` it claims (and the format asked for), with a
 * length measured from the bytes; or a URL with the length the provider
 * gave. Throws an `invalid_response` SwitchyardError saying what is wrong.
 */
export async function checkAudioResult(options: {
  result: unknown;
  /** The format the request asked for, if any. */
  format?: AudioFormat;
  provider: string;
}): Promise<CheckedAudioResult> {
  const { result, provider } = options;
  const invalid = (problem: string) => invalidResponse(provider, problem);
  const record = (
    typeof result === 'object' && result !== null ? result : {}
  ) as Partial<AudioModelResult>;
  const parsed = providerAudioSchema.safeParse(record.audio);
  if (!parsed.success)
    throw invalid('it carries no audio (base64 or url, and a format)');
  const audio = parsed.data;
  if (options.format !== undefined && audio.format !== options.format) {
    throw invalid(
      `it sent ${audio.format} audio where ${options.format} was asked for`,
    );
  }
  const measured = await lengthOf(audio, invalid);
  const mimeType =
    audio.mimeType ??
    (audio.format === 'pcm' && measured.sampleRate !== undefined
      ? `audio/L16;rate=${measured.sampleRate}`
      : AUDIO_MIME_TYPES[audio.format]);
  return {
    ...record,
    audio: {
      ...(audio.base64 === undefined ? {} : { base64: audio.base64 }),
      ...(audio.url === undefined ? {} : { url: audio.url }),
      format: audio.format,
      mimeType,
      ...measured,
    },
    warnings: checkWarnings(record.warnings, invalid),
  };
}

async function lengthOf(
  audio: z.infer<typeof providerAudioSchema>,
  invalid: (problem: string) => Error,
): Promise<{ durationMs: number; sampleRate?: number }> {
  if (audio.base64 === undefined) {
    if (audio.url === undefined) throw invalid('it carries no audio');
    if (audio.durationMs === undefined) {
      throw invalid('audio only at a URL must say its duration');
    }
    return { durationMs: audio.durationMs, sampleRate: audio.sampleRate };
  }
  const bytes = Buffer.from(audio.base64, 'base64');
  if (bytes.toString('base64') !== audio.base64.replace(/\s+/g, '')) {
    throw invalid('its audio is not valid base64');
  }
  const measure = await measureAudio({
    bytes,
    format: audio.format,
    sampleRate: audio.sampleRate,
  });
  if (!measure.ok) throw invalid(measure.problem);
  return { durationMs: measure.durationMs, sampleRate: measure.sampleRate };
}
