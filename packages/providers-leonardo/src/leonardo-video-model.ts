import {
  SwitchyardError,
  ignoredSettings,
  modelCallOptions,
  omitUndefined,
  parseProviderOptions,
  postJson,
  taskModelToVideoModel,
  type CallOptions,
  type ProviderVideo,
  type VideoCapabilities,
  type VideoModel,
  type VideoRequest,
  type VideoTaskModel,
  type Warning,
} from '@switchyard/core';
import { motionCreateSchema, type Generation } from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError } from './leonardo-error';
import { generationStatus } from './leonardo-generation';
import { uploadInitImage } from './leonardo-init-image';
import { leonardoVideoOptionsSchema } from './leonardo-video-options';

/** Leonardo video model ids: Motion (SVD), the image-to-video of `POST /generations-motion-svd`. */
export type LeonardoVideoModelId = 'motion-svd' | (string & {});

/** The one video model: Motion 1.0, Stable Video Diffusion on Leonardo. */
export const LEONARDO_MOTION_SVD = 'motion-svd';

/**
 * Motion (SVD) animates one image into a short MP4 with no soundtrack; it
 * takes no prompt, length, size or seed. Its clips last about 4 s (the API
 * does not say; SVD's usual length), so a request for another length goes
 * to another target.
 */
export const LEONARDO_MOTION_SVD_CAPABILITIES: VideoCapabilities = {
  formats: ['mp4'],
  maxDurationMs: 4_000,
  minDurationMs: 4_000,
  defaultDurationMs: 4_000,
  textToVideo: false,
  imageToVideo: true,
  audio: false,
  seed: false,
};

/** How much the image moves when the request does not say (Leonardo's app default). */
const DEFAULT_MOTION_STRENGTH = 5;
/** A poster URL: a still Leonardo keeps beside the video. */
const STILL_IMAGE = /\.(?:jpe?g|png|webp)(?:\?|$)/i;

/** What Motion ignores in a request, said once per call. */
function motionWarnings(request: VideoRequest): Warning[] {
  return [
    {
      type: 'unsupported-setting',
      setting: 'prompt',
      message:
        'Leonardo Motion (SVD) animates the image without a prompt; the prompt was not sent.',
    },
    ...ignoredSettings(request, [
      'negativePrompt',
      'aspectRatio',
      'width',
      'height',
      'fps',
      'seed',
    ]),
  ];
}

/** A finished motion generation's video, at the URL Leonardo hosts. */
function toVideo(generation: Generation, provider: string): ProviderVideo {
  const image = (generation.generated_images ?? []).find(
    (candidate) => candidate.motionMP4URL,
  );
  if (!image?.motionMP4URL) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider,
      message: `${provider} reported the motion generation COMPLETE without a video (motionMP4URL).`,
    });
  }
  return omitUndefined({
    url: image.motionMP4URL,
    format: 'mp4' as const,
    // The API gives no length: SVD's clip length, as the capabilities say.
    durationMs: LEONARDO_MOTION_SVD_CAPABILITIES.defaultDurationMs,
    width: generation.imageWidth ?? undefined,
    height: generation.imageHeight ?? undefined,
    hasAudio: false,
    poster: STILL_IMAGE.test(image.url)
      ? { url: image.url, mimeType: 'image/jpeg' }
      : undefined,
  });
}

/**
 * Uploads the request's image as an init image and starts Motion on it;
 * answers the generation id. Refuses a request without an image, and bad
 * provider options, before any call.
 */
async function submitMotion(context: {
  request: VideoRequest;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<{ taskId: string }> {
  const { request, config, options } = context;
  const { provider } = config;
  const leonardo = parseProviderOptions({
    provider,
    key: 'leonardo',
    providerOptions: request.providerOptions,
    schema: leonardoVideoOptionsSchema,
  });
  if (request.image === undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${provider} Motion animates an image: it needs \`image\` (it has no text-to-video).`,
    });
  }
  const imageId = await uploadInitImage({
    image: request.image,
    config,
    options,
  });
  const { value } = await postJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: `${config.baseURL}/generations-motion-svd`,
    body: {
      imageId,
      isInitImage: true,
      motionStrength: leonardo?.motionStrength ?? DEFAULT_MOTION_STRENGTH,
      isPublic: false,
    },
    parse: motionCreateSchema,
  });
  return { taskId: value.motionSvdGenerationJob.generationId };
}

/**
 * Leonardo Motion (SVD): the request's image is uploaded as an init image,
 * `POST /generations-motion-svd` animates it (`motionStrength` from
 * `providerOptions.leonardo`), and `GET /generations/{id}` is polled until
 * COMPLETE, whose `motionMP4URL` is the video. The generation id is the
 * task id, all a new process needs to resume. Leonardo has no cancel.
 */
export function createLeonardoVideoModel(
  modelId: string,
  config: LeonardoModelConfig,
): VideoModel {
  const { provider } = config;
  if (modelId !== LEONARDO_MOTION_SVD) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${provider} has one video model, ${LEONARDO_MOTION_SVD}; it has no ${modelId}.`,
    });
  }
  const taskModel: VideoTaskModel = {
    provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 2_000,
    submit: (request, options) => submitMotion({ request, config, options }),
    status: (taskId, options) =>
      generationStatus({
        generationId: taskId,
        config,
        options,
        toResult: (done) => ({ video: toVideo(done, provider), warnings: [] }),
      }),
  };
  return taskModelToVideoModel({
    taskModel,
    capabilities: LEONARDO_MOTION_SVD_CAPABILITIES,
    cost: config.cost,
    warnings: motionWarnings,
  });
}
