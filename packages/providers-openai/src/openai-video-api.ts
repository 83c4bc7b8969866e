import type { KnownModels, VideoCapabilities } from '@switchyard/core';
import { z } from 'zod';

/** Video model ids with known prices; any other id is passed through (`sora-2-pro…` as Pro, else as Sora 2). */
export type OpenAIVideoModelId = 'sora-2' | 'sora-2-pro' | (string & {});

/** A video job as `POST /videos` and `GET /videos/{id}` answer (only the fields we read). */
export const videoJobSchema = z.object({
  id: z.string().min(1),
  /** `queued`, `in_progress`, `completed` or `failed`. */
  status: z.string(),
  /** Percent done, 0..100. */
  progress: z.number().nullish(),
  error: z
    .object({ code: z.string().nullish(), message: z.string().nullish() })
    .nullish(),
  model: z.string().nullish(),
});
export type VideoJob = z.infer<typeof videoJobSchema>;

/** What a Sora model takes beyond its capabilities: its sizes. */
export interface SoraSpec {
  capabilities: VideoCapabilities;
  /** `WIDTHxHEIGHT` sizes it makes, landscape 720p first. */
  sizes: string[];
}

/** The lengths the API takes (`seconds` is the string "4", "8" or "12"). */
export const SORA_SECONDS = [4, 8, 12];

/**
 * What every Sora 2 model shares (https://platform.openai.com/docs/api-reference/videos/create):
 * MP4 of 4, 8 or 12 s (default 4), text or a first frame, 16:9 or 9:16,
 * always with sound, no seed.
 */
const SORA_CAPABILITIES: VideoCapabilities = {
  formats: ['mp4'],
  minDurationMs: 4_000,
  maxDurationMs: 12_000,
  defaultDurationMs: 4_000,
  textToVideo: true,
  imageToVideo: true,
  aspectRatios: ['16:9', '9:16'],
  audio: true,
  seed: false,
};

/** Sora 2: 720p only. */
export const SORA_2: SoraSpec = {
  capabilities: SORA_CAPABILITIES,
  sizes: ['1280x720', '720x1280'],
};

/** Sora 2 Pro: 720p, and 1792x1024 / 1024x1792. */
export const SORA_2_PRO: SoraSpec = {
  capabilities: SORA_CAPABILITIES,
  sizes: ['1280x720', '720x1280', '1792x1024', '1024x1792'],
};

/** The spec of a model id (a dated snapshot takes its family's). */
export function soraSpecOf(modelId: string): SoraSpec {
  return modelId.startsWith('sora-2-pro') ? SORA_2_PRO : SORA_2;
}

/**
 * List prices in micro-credits per second of video
 * (https://platform.openai.com/docs/pricing, "Video"): sora-2 $0.10;
 * sora-2-pro $0.30 at 720p and $0.50 at 1792x1024 / 1024x1792. A price
 * here cannot depend on the size, so Pro is listed at its 720p rate and its
 * large sizes are UNDER-charged (ESTIMATE; see the report).
 */
export const OPENAI_VIDEO_MODELS: KnownModels<VideoCapabilities> = {
  'sora-2': { cost: { perSecond: 100_000 } },
  'sora-2-pro': { cost: { perSecond: 300_000 } },
};
