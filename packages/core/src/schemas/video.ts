import { z } from 'zod';
import {
  LIMITS,
  modelIdSchema,
  providerOptionsSchema,
  sizeRules,
} from './common';
import { referenceImageSchema } from './image';

/** Video containers and animated formats the gateway asks for and checks. */
export const videoFormats = ['mp4', 'webm', 'gif', 'apng'] as const;
/** Schema of a video format: `mp4`, `webm`, `gif` (animated), `apng` (animated PNG). */
export const videoFormatSchema = z.enum(videoFormats);
export type VideoFormat = z.infer<typeof videoFormatSchema>;

/** The MIME type each video format is served with. */
export const VIDEO_MIME_TYPES: Record<VideoFormat, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  gif: 'image/gif',
  apng: 'image/apng',
};

/** A video request as every video model receives it. */
export const videoRequestSchema = z
  .object({
    prompt: z.string().min(1).max(LIMITS.prompt),
    negativePrompt: z.string().max(LIMITS.prompt).optional(),
    /** Image-to-video: the first frame, by URL or inline base64. */
    image: referenceImageSchema.optional(),
    /** How long, in ms: 500 ms to 10 minutes; default the model's own. */
    durationMs: z
      .number()
      .int()
      .min(500)
      .max(LIMITS.videoDurationMs)
      .optional(),
    aspectRatio: z
      .string()
      .regex(/^\d{1,2}:\d{1,2}$/, 'aspectRatio looks like "16:9"')
      .optional(),
    width: z.number().int().min(16).max(4096).optional(),
    height: z.number().int().min(16).max(4096).optional(),
    /** Frames per second, where the model takes it. */
    fps: z.number().int().min(1).max(120).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    /** A soundtrack, on models that make one (others are skipped when true). */
    withAudio: z.boolean().optional(),
    /** Default: the model's first format (its capabilities list them). */
    format: videoFormatSchema.optional(),
    model: modelIdSchema.optional(),
    providerOptions: providerOptionsSchema.optional(),
  })
  .superRefine(sizeRules);
export type VideoRequest = z.infer<typeof videoRequestSchema>;

/** Where a kept output lives in the gateway's artifact store, and until when. */
export const storedArtifactSchema = z.object({
  /** The artifact's id: `GET /artifacts/{id}` with the caller's key serves it. */
  id: z.string().min(1).max(128),
  /** The gateway path that serves it (relative to the gateway's URL). */
  path: z.string().min(1).max(256),
  /** Its size in bytes. */
  bytes: z.number().int().nonnegative(),
  /** SHA-256 of its bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the gateway deletes it (ISO 8601); absent when kept for good. */
  expiresAt: z.iso.datetime().optional(),
});
export type StoredArtifact = z.infer<typeof storedArtifactSchema>;

/** A poster frame (a still of the video), where the provider gives one. */
export const posterImageSchema = z
  .object({
    url: z.url().max(LIMITS.videoUrl).optional(),
    base64: z.base64().max(LIMITS.referenceImageBase64).optional(),
    mimeType: z.string().min(1).max(100),
  })
  .refine((poster) => poster.url !== undefined || poster.base64 !== undefined, {
    message: 'a poster carries base64 or a url',
  });
export type PosterImage = z.infer<typeof posterImageSchema>;

/**
 * Generated video: inline base64, a URL (the provider's, or the gateway's
 * when the artifact store kept it), and `artifact` when the gateway keeps a
 * copy.
 */
export const generatedVideoSchema = z
  .object({
    base64: z.base64().max(LIMITS.videoBase64).optional(),
    url: z.url().max(LIMITS.videoUrl).optional(),
    format: videoFormatSchema,
    mimeType: z.string().min(1).max(100),
    /** The video's length, in ms. */
    durationMs: z.number().nonnegative(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    fps: z.number().positive().optional(),
    /** Whether it carries a soundtrack, when known. */
    hasAudio: z.boolean().optional(),
    poster: posterImageSchema.optional(),
    /** The gateway's copy, when its artifact store kept one. */
    artifact: storedArtifactSchema.optional(),
  })
  .refine(
    (video) =>
      video.base64 !== undefined ||
      video.url !== undefined ||
      video.artifact !== undefined,
    { message: 'video carries base64, a url or an artifact' },
  );
export type GeneratedVideo = z.infer<typeof generatedVideoSchema>;
