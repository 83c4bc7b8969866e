import {
  SwitchyardError,
  ignoredSettings,
  modelCallOptions,
  omitUndefined,
  parseProviderOptions,
  postJson,
  taskModelToImageModel,
  type CallOptions,
  type ImageCapabilities,
  type ImageModel,
  type ImageRequest,
  type ImageTaskModel,
} from '@switchyard/core';
import { createSchema, toImages, type GenerationBody } from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError } from './leonardo-error';
import { generationStatus } from './leonardo-generation';
import { leonardoImageOptionsSchema } from './leonardo-image-options';
import { uploadInitImage } from './leonardo-init-image';

/** Leonardo platform model ids (UUIDs); any other id is passed through. */
export type LeonardoImageModelId =
  | '6b645e3a-d64f-4341-a6d8-7a3690fbf042'
  | 'b24e16ff-06e3-43eb-8d33-4416c2d75876'
  | (string & {});

/** Image to image takes one uploaded init image; Leonardo has no inpainting mask. */
export const LEONARDO_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 8,
  sizes: { minWidth: 32, maxWidth: 1536, minHeight: 32, maxHeight: 1536 },
  seed: true,
  negativePrompt: true,
  referenceImages: true,
  maxReferenceImages: 1,
  mask: false,
};

/** How much of the reference image a result keeps when the request does not say. */
const DEFAULT_INIT_STRENGTH = 0.5;

function requestBody(modelId: string, request: ImageRequest): GenerationBody {
  return omitUndefined({
    modelId,
    prompt: request.prompt,
    negative_prompt: request.negativePrompt,
    width: request.width,
    height: request.height,
    num_images: request.n,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance_scale: request.guidance,
  });
}

/**
 * The image-to-image fields of a generation: the request's reference image,
 * uploaded as an init image, and its strength. None without a reference; a
 * mask or a second reference (which the capabilities rule out, so the engine
 * skips this model for them) is refused, never dropped.
 */
async function initImageFields(context: {
  request: ImageRequest;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<Pick<GenerationBody, 'init_image_id' | 'init_strength'>> {
  const { request, config } = context;
  const references = request.referenceImages ?? [];
  const options = parseProviderOptions({
    provider: config.provider,
    key: 'leonardo',
    providerOptions: request.providerOptions,
    schema: leonardoImageOptionsSchema,
  });
  const [image] = references;
  if (image === undefined) return {};
  if (references.length > 1 || request.mask !== undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider: config.provider,
      message: `${config.provider} takes one reference image and no mask.`,
    });
  }
  const initImageId = await uploadInitImage({
    image,
    config,
    options: context.options,
  });
  return {
    init_image_id: initImageId,
    init_strength: options?.initStrength ?? DEFAULT_INIT_STRENGTH,
  };
}

/**
 * A Leonardo model: create a generation (image to image: after uploading the
 * reference as an init image), poll it until COMPLETE or FAILED, read its
 * images. Leonardo has no cancel; a generation left behind runs out.
 */
export function createLeonardoImageModel(
  modelId: string,
  config: LeonardoModelConfig,
): ImageModel {
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapLeonardoError });
  const taskModel: ImageTaskModel = {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 2_000,
    async submit(request, options) {
      const initImage = await initImageFields({ request, config, options });
      const { value } = await postJson({
        ...call(options),
        url: `${config.baseURL}/generations`,
        body: { ...requestBody(modelId, request), ...initImage },
        parse: createSchema,
      });
      return { taskId: value.sdGenerationJob.generationId };
    },
    status: (taskId, options) =>
      generationStatus({
        generationId: taskId,
        config,
        options,
        toResult: (done) => ({ images: toImages(done), warnings: [] }),
      }),
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: LEONARDO_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: (request) => ignoredSettings(request, ['aspectRatio']),
  });
}
