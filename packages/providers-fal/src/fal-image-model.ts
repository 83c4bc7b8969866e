import {
  SwitchyardError,
  ignoredSettings,
  omitUndefined,
  taskModelToImageModel,
  unsupportedSetting,
  type CallOptions,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Warning,
} from '@switchyard/core';
import type { z } from 'zod';
import { imageOutputSchema, toImages, type FalImageBody } from './fal-api';
import {
  falTaskModel,
  runFalEndpoint,
  type FalEndpoint,
  type FalModelConfig,
} from './fal-endpoint';
import {
  falEditBody,
  falEditWarnings,
  findFalEditModel,
} from './fal-image-edits';

/** fal model ids with known prices; any other fal app id is passed through. */
export type FalImageModelId =
  | 'fal-ai/flux/schnell'
  | 'fal-ai/flux/dev'
  | 'fal-ai/flux-lora'
  | 'fal-ai/flux/dev/image-to-image'
  | 'fal-ai/flux-pro/kontext'
  | 'fal-ai/flux-pro/kontext/multi'
  | 'fal-ai/flux-pro/v1/fill'
  | (string & {});

/** What fal's text-to-image models can do (edit models add their inputs). */
export const FAL_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 4,
  sizes: { minWidth: 256, maxWidth: 2048, minHeight: 256, maxHeight: 2048 },
  aspectRatios: ['1:1', '4:3', '3:4', '16:9', '9:16'],
  seed: true,
  negativePrompt: false,
};

const IMAGE_SIZE_BY_RATIO: Readonly<Record<string, string>> = {
  '1:1': 'square_hd',
  '4:3': 'landscape_4_3',
  '16:9': 'landscape_16_9',
  '3:4': 'portrait_4_3',
  '9:16': 'portrait_16_9',
};

/** The settings a fal image model ignores, and an aspect ratio fal has no size for. */
function falImageWarnings(modelId: string, request: ImageRequest): Warning[] {
  const edit = findFalEditModel(modelId);
  if (edit !== undefined) return falEditWarnings(edit, request);
  const warnings = ignoredSettings(request, ['negativePrompt']);
  if (
    request.aspectRatio !== undefined &&
    (request.width === undefined || request.height === undefined) &&
    IMAGE_SIZE_BY_RATIO[request.aspectRatio] === undefined
  ) {
    warnings.push(unsupportedSetting({ setting: 'aspectRatio' }));
  }
  return warnings;
}

/**
 * The request body of a fal image model: an edit model's (with its input
 * images), or a text-to-image model's, which refuses reference images with
 * `unsupported` rather than serve the request without them.
 */
function falImageBody(
  modelId: string,
  request: ImageRequest,
  provider: string,
): FalImageBody {
  const edit = findFalEditModel(modelId);
  if (edit !== undefined) {
    return falEditBody({ modelId, edit, request, provider });
  }
  if (request.referenceImages !== undefined || request.mask !== undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${modelId} makes images from a prompt only; route edits to an edit model such as fal-ai/flux-pro/kontext.`,
    });
  }
  let imageSize: FalImageBody['image_size'];
  if (request.width !== undefined && request.height !== undefined) {
    imageSize = { width: request.width, height: request.height };
  } else if (request.aspectRatio !== undefined) {
    imageSize = IMAGE_SIZE_BY_RATIO[request.aspectRatio];
  }
  return omitUndefined({
    prompt: request.prompt,
    image_size: imageSize,
    num_images: request.n,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance_scale: request.guidance,
  });
}

/** A fal image endpoint: its request's body and its output's images. */
export type FalImageEndpoint = FalEndpoint<
  ImageRequest,
  z.infer<typeof imageOutputSchema>,
  ImageModelResult
>;

/**
 * A fal image endpoint: the body of a request, the images of an output.
 * `extraBody` adds fields (a LoRA model's weights); it runs at each call, so
 * what it throws fails that call before any request.
 */
export function falImageEndpoint(
  modelId: string,
  config: FalModelConfig,
  extraBody?: () => Partial<FalImageBody>,
): FalImageEndpoint {
  return {
    modelId,
    config,
    body: (request) => ({
      ...falImageBody(modelId, request, config.provider),
      ...extraBody?.(),
    }),
    output: imageOutputSchema,
    toResult: (output, { responseHeaders }) =>
      Promise.resolve({
        images: toImages(output),
        warnings: [],
        responseHeaders,
      }),
  };
}

/** How a fal image model is made: what it can do and the endpoint it calls. */
export interface FalImageModelOptions {
  /** Default: {@link FAL_IMAGE_CAPABILITIES}. */
  capabilities?: ImageCapabilities;
  /** The endpoint called when it is not the model id's own (a trained LoRA's base model). */
  endpoint?: FalImageEndpoint;
}

/**
 * A fal image model on the queue: submit, poll the status, fetch the result;
 * the queue's own cancel when the caller gives up.
 */
export function createFalQueueModel(
  modelId: string,
  config: FalModelConfig,
  options: FalImageModelOptions = {},
): ImageModel {
  const endpoint = options.endpoint ?? falImageEndpoint(modelId, config);
  return taskModelToImageModel({
    taskModel: { ...falTaskModel(endpoint), modelId },
    capabilities: options.capabilities ?? FAL_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: (request) => falImageWarnings(modelId, request),
  });
}

/** A fal image model on the synchronous run endpoint: one request, one answer. */
export function createFalRunImageModel(
  modelId: string,
  config: FalModelConfig,
  options: FalImageModelOptions = {},
): ImageModel {
  const endpoint = options.endpoint ?? falImageEndpoint(modelId, config);
  return {
    kind: 'image',
    provider: config.provider,
    modelId,
    capabilities: options.capabilities ?? FAL_IMAGE_CAPABILITIES,
    cost: config.cost,
    async generate(request: ImageRequest, callOptions: CallOptions) {
      const result = await runFalEndpoint(endpoint, request, callOptions);
      return { ...result, warnings: falImageWarnings(modelId, request) };
    },
  };
}
