import { z } from 'zod';
import { LIMITS, modelIdSchema, providerOptionsSchema } from './common';

/** Audio containers and encodings the gateway asks for and checks. */
export const audioFormats = [
  'mp3',
  'wav',
  'opus',
  'aac',
  'flac',
  'pcm',
] as const;
/** Schema of an audio format: `mp3`, `wav`, `opus` (Ogg), `aac` (ADTS), `flac`, `pcm` (raw 16-bit little-endian). */
export const audioFormatSchema = z.enum(audioFormats);
export type AudioFormat = z.infer<typeof audioFormatSchema>;

/** The MIME type each format is served with. */
export const AUDIO_MIME_TYPES: Record<AudioFormat, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  pcm: 'audio/L16',
};

/** A text-to-speech request as every speech model receives it. */
export const speechRequestSchema = z.object({
  /** What to say. */
  text: z.string().min(1).max(LIMITS.speechText),
  /** A voice the model knows (its capabilities list them); default the model's own. */
  voice: z.string().min(1).max(128).optional(),
  /** Default: the model's first format (its capabilities list them). */
  format: audioFormatSchema.optional(),
  /** 0.25 to 4; default 1. */
  speed: z.number().min(0.25).max(4).optional(),
  /** BCP 47 language tag (`en`, `de-DE`), where the model takes one. */
  language: z
    .string()
    .regex(
      /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
      'a language tag like "en" or "de-DE"',
    )
    .optional(),
  /** How to say it (tone, pace), for models that take instructions. */
  instructions: z.string().min(1).max(4_000).optional(),
  model: modelIdSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
export type SpeechRequest = z.infer<typeof speechRequestSchema>;

/** A music (or sound effect) request as every music model receives it. */
export const musicRequestSchema = z.object({
  prompt: z.string().min(1).max(LIMITS.prompt),
  /** How long, in ms: 500 ms to 10 minutes; default the model's own. */
  durationMs: z.number().int().min(500).max(LIMITS.musicDurationMs).optional(),
  /** No vocals. */
  instrumental: z.boolean().optional(),
  /** Default: the model's first format (its capabilities list them). */
  format: audioFormatSchema.optional(),
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  model: modelIdSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
export type MusicRequest = z.infer<typeof musicRequestSchema>;

/** Generated audio: inline base64, or a URL the provider hosts. */
export const generatedAudioSchema = z
  .object({
    base64: z.base64().max(LIMITS.audioBase64).optional(),
    url: z.url().max(LIMITS.audioUrl).optional(),
    format: audioFormatSchema,
    mimeType: z.string().min(1).max(100),
    /** The audio's length, in ms. */
    durationMs: z.number().nonnegative(),
    /** Samples per second, when known. */
    sampleRate: z.number().int().positive().optional(),
  })
  .refine((audio) => audio.base64 !== undefined || audio.url !== undefined, {
    message: 'audio carries base64 or a url',
  });
export type GeneratedAudio = z.infer<typeof generatedAudioSchema>;
