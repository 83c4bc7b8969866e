import {
  SwitchyardError,
  VIDEO_MIME_TYPES,
  taskModelToVideoModel,
  videoFormatSchema,
  videoFormats,
  type CallOptions,
  type CostMetadata,
  type KnownModels,
  type VideoCapabilities,
  type VideoFormat,
  type VideoModel,
  type VideoModelResult,
  type VideoRequest,
  type VideoTaskModel,
} from '@switchyard/core';
import { videoOutputSchema, type FalFile } from './fal-api';
import {
  falTaskModel,
  type FalEndpoint,
  type FalModelConfig,
} from './fal-endpoint';
import { uploadToFal } from './fal-storage';
import {
  falVideoBody,
  falVideoCapabilities,
  falVideoFamily,
  falVideoSeconds,
  falVideoWarnings,
} from './fal-video-families';

/** fal video model ids with known prices; any other fal video id is passed through. */
export type FalVideoModelId =
  | 'fal-ai/kling-video/v2.1/standard/image-to-video'
  | 'fal-ai/kling-video/v2.1/master/text-to-video'
  | 'fal-ai/kling-video/v2.1/master/image-to-video'
  | 'fal-ai/ltx-video'
  | 'fal-ai/ltx-video/image-to-video'
  | 'fal-ai/minimax/video-01'
  | 'fal-ai/minimax/video-01/image-to-video'
  | (string & {});

/** A listed video model: its capabilities (from its family) and list price. */
function listed(
  id: FalVideoModelId,
  cost: CostMetadata,
  description: string,
): [string, KnownModels<VideoCapabilities>[string]] {
  return [id, { cost, capabilities: falVideoCapabilities(id), description }];
}

/**
 * The video models fal lists, priced in micro-credits from each model's
 * fal.ai page: Kling 2.1 bills per second of output ($0.28 for 5 s plus
 * $0.056 a second for standard, $1.40 plus $0.28 for master: a flat rate per
 * second). LTX Video and MiniMax Video-01 bill per video; their prices are
 * estimates (not in the stored docs): $0.02 and $0.50.
 */
export const FAL_VIDEO_MODELS: KnownModels<VideoCapabilities> =
  Object.fromEntries([
    listed(
      'fal-ai/kling-video/v2.1/standard/image-to-video',
      { perSecond: 56_000 },
      'Kling 2.1 standard, image to video, 5 or 10 s; $0.056 per second.',
    ),
    listed(
      'fal-ai/kling-video/v2.1/master/text-to-video',
      { perSecond: 280_000 },
      'Kling 2.1 master, text to video, 5 or 10 s, 16:9, 9:16 or 1:1; $0.28 per second.',
    ),
    listed(
      'fal-ai/kling-video/v2.1/master/image-to-video',
      { perSecond: 280_000 },
      'Kling 2.1 master, image to video, 5 or 10 s; $0.28 per second.',
    ),
    listed(
      'fal-ai/ltx-video',
      { perRequest: 20_000 },
      'LTX Video (preview), text to video, about 5 s, seeded; $0.02 per video (estimate).',
    ),
    listed(
      'fal-ai/ltx-video/image-to-video',
      { perRequest: 20_000 },
      'LTX Video (preview), image to video, about 5 s, seeded; $0.02 per video (estimate).',
    ),
    listed(
      'fal-ai/minimax/video-01',
      { perRequest: 500_000 },
      'MiniMax (Hailuo) Video-01, text to video, 6 s; $0.50 per video (estimate).',
    ),
    listed(
      'fal-ai/minimax/video-01/image-to-video',
      { perRequest: 500_000 },
      'MiniMax (Hailuo) Video-01, image to video, 6 s; $0.50 per video (estimate).',
    ),
  ]);

/** Each format by the MIME type core serves it with (the inverse of `VIDEO_MIME_TYPES`). */
const FORMAT_BY_TYPE: ReadonlyMap<string, VideoFormat> = new Map(
  videoFormats.map((format) => [VIDEO_MIME_TYPES[format], format]),
);

/** A format by a file extension that names it (`.mp4`, `.gif`, …). */
const formatByExtension = (extension: string): VideoFormat | undefined =>
  videoFormatSchema.safeParse(extension).data;

/**
 * The container of a fal video file: its content type, else its name's
 * extension (fal's media host labels videos `application/octet-stream`).
 */
function videoFormat(file: FalFile, provider: string): VideoFormat {
  const type = file.content_type?.split(';')[0]?.trim().toLowerCase() ?? '';
  const name = file.file_name ?? new URL(file.url).pathname;
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const format = FORMAT_BY_TYPE.get(type) ?? formatByExtension(extension);
  if (format !== undefined) return format;
  throw new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} answered with a video of an unknown type (${file.content_type ?? 'none'}, ${name}).`,
  });
}

/** True for fal's "Unsupported data URL" refusal of an inline image. */
function refusesDataUrl(error: unknown): boolean {
  return (
    SwitchyardError.isInstance(error) &&
    error.code === 'unsupported' &&
    /unsupported data url/i.test(error.message)
  );
}

/**
 * The video endpoint on fal's queue, with its log lines. A request the
 * model cannot serve is refused with `unsupported` before any call. A first
 * frame sent inline goes as a data URL; an endpoint that refuses data URLs
 * gets it uploaded to fal's CDN and the request once more, by URL.
 */
function falVideoTaskModel(options: {
  modelId: string;
  config: FalModelConfig;
}): VideoTaskModel {
  const { modelId, config } = options;
  const { provider } = config;
  const silent = falVideoFamily(modelId).name !== 'other';
  const endpoint: FalEndpoint<
    VideoRequest,
    { video: FalFile },
    VideoModelResult
  > = {
    modelId,
    config,
    logs: true,
    body: (request) => falVideoBody(modelId, request),
    output: videoOutputSchema,
    toResult: (output, { responseHeaders }) =>
      Promise.resolve({
        video: {
          url: output.video.url,
          format: videoFormat(output.video, provider),
          // The families listed make silent clips; other ids may not.
          ...(silent ? { hasAudio: false } : {}),
        },
        warnings: [],
        responseHeaders,
      }),
  };
  const queue = falTaskModel(endpoint);
  return {
    ...queue,
    async submit(request: VideoRequest, callOptions: CallOptions) {
      try {
        return await queue.submit(request, callOptions);
      } catch (error) {
        const { image } = request;
        if (image === undefined || 'url' in image || !refusesDataUrl(error)) {
          throw error;
        }
        const url = await uploadToFal({
          bytes: Buffer.from(image.base64, 'base64'),
          contentType: image.mimeType,
          fileName: `first-frame.${image.mimeType.split('/')[1] ?? 'png'}`,
          config,
          call: callOptions,
        });
        return queue.submit({ ...request, image: { url } }, callOptions);
      }
    },
  };
}

/**
 * A fal video model on the queue: submit, poll (queue position, log lines,
 * a progress the logs state), fetch the result, and fal's cancel when the
 * caller gives up. fal hosts the video; it is handed over by URL with the
 * length the request was made for (fal does not state it: Kling's chosen 5
 * or 10 s, LTX's and MiniMax's fixed length), never downloaded here.
 */
export function createFalVideoModel(options: {
  modelId: string;
  config: FalModelConfig;
  capabilities: VideoCapabilities;
  cost?: CostMetadata;
}): VideoModel {
  const { modelId, config, capabilities, cost } = options;
  const family = falVideoFamily(modelId);
  return taskModelToVideoModel({
    taskModel: falVideoTaskModel({ modelId, config }),
    capabilities,
    cost,
    refuseUnsupported: true,
    warnings: (request) => falVideoWarnings(modelId, request),
    finish: (result, request) => ({
      ...result,
      video: {
        ...result.video,
        durationMs:
          result.video.durationMs ?? falVideoSeconds(family, request) * 1000,
      },
    }),
  });
}
