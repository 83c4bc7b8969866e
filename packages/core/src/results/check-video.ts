import { z } from 'zod';
import type { VideoModelResult } from '../provider/video-contract';
import { LIMITS } from '../schemas/common';
import {
  posterImageSchema,
  VIDEO_MIME_TYPES,
  videoFormatSchema,
  type GeneratedVideo,
  type VideoFormat,
} from '../schemas/video';
import { checkWarnings, invalidResponse } from './check-result';
import { measureVideo } from './video-bytes';

/** A video result once checked: its video measured and complete. */
export type CheckedVideoResult = Omit<VideoModelResult, 'video'> & {
  video: GeneratedVideo;
};

const providerVideoSchema = z.object({
  base64: z.string().max(LIMITS.videoBase64).optional(),
  url: z.url().max(LIMITS.videoUrl).optional(),
  format: videoFormatSchema,
  mimeType: z.string().min(1).max(100).optional(),
  durationMs: z.number().positive().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  fps: z.number().positive().optional(),
  hasAudio: z.boolean().optional(),
  poster: posterImageSchema.optional(),
});
type ProviderVideoRecord = z.infer<typeof providerVideoSchema>;

/**
 * Checks what a video model returned: inline base64 that decodes as the
 * `format` it claims (and the format asked for), measured from its bytes;
 * or a URL with the length the provider gave. Throws an `invalid_response`
 * SwitchyardError saying what is wrong.
 */
export function checkVideoResult(options: {
  result: unknown;
  /** The format the request asked for, if any. */
  format?: VideoFormat;
  provider: string;
}): CheckedVideoResult {
  const { result, provider } = options;
  const invalid = (problem: string) => invalidResponse(provider, problem);
  const record = (
    typeof result === 'object' && result !== null ? result : {}
  ) as Partial<VideoModelResult>;
  const parsed = providerVideoSchema.safeParse(record.video);
  if (!parsed.success) {
    throw invalid('it carries no video (base64 or url, and a format)');
  }
  const video = parsed.data;
  if (options.format !== undefined && video.format !== options.format) {
    throw invalid(
      `it sent ${video.format} video where ${options.format} was asked for`,
    );
  }
  return {
    ...record,
    video: {
      ...(video.base64 === undefined ? {} : { base64: video.base64 }),
      ...(video.url === undefined ? {} : { url: video.url }),
      format: video.format,
      mimeType: video.mimeType ?? VIDEO_MIME_TYPES[video.format],
      ...(video.poster === undefined ? {} : { poster: video.poster }),
      ...measured(video, invalid),
    },
    warnings: checkWarnings(record.warnings, invalid),
  };
}

/** What the bytes say (they win over what the provider said), else what the provider said. */
function measured(
  video: ProviderVideoRecord,
  invalid: (problem: string) => Error,
): Pick<
  GeneratedVideo,
  'durationMs' | 'width' | 'height' | 'fps' | 'hasAudio'
> {
  const said = {
    ...(video.width === undefined ? {} : { width: video.width }),
    ...(video.height === undefined ? {} : { height: video.height }),
    ...(video.fps === undefined ? {} : { fps: video.fps }),
    ...(video.hasAudio === undefined ? {} : { hasAudio: video.hasAudio }),
  };
  if (video.base64 === undefined) {
    if (video.url === undefined) throw invalid('it carries no video');
    if (video.durationMs === undefined) {
      throw invalid('video only at a URL must say its duration');
    }
    return { durationMs: video.durationMs, ...said };
  }
  const bytes = Buffer.from(video.base64, 'base64');
  if (bytes.toString('base64') !== video.base64.replace(/\s+/g, '')) {
    throw invalid('its video is not valid base64');
  }
  const measure = measureVideo(bytes, video.format);
  if (!measure.ok) throw invalid(measure.problem);
  return {
    durationMs: measure.durationMs,
    ...said,
    ...(measure.width === undefined ? {} : { width: measure.width }),
    ...(measure.height === undefined ? {} : { height: measure.height }),
    ...(measure.fps === undefined ? {} : { fps: measure.fps }),
    ...(measure.hasAudio === undefined ? {} : { hasAudio: measure.hasAudio }),
  };
}
