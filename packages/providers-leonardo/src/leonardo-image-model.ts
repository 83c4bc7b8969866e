import {
  SwitchyardError,
  getJson,
  ignoredSettings,
  modelCallOptions,
  omitUndefined,
  pathSegment,
  postJson,
  taskModelToImageModel,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type ImageTaskModel,
  type TaskStatus,
} from '@switchyard/core';
import {
  createSchema,
  generationSchema,
  toImages,
  type Generation,
  type GenerationBody,
} from './leonardo-api';

/** Leonardo platform model ids (UUIDs); any other id is passed through. */
export type LeonardoImageModelId =
  | '6b645e3a-d64f-4341-a6d8-7a3690fbf042'
  | 'b24e16ff-06e3-43eb-8d33-4416c2d75876'
  | (string & {});

/** What Leonardo models need from their provider. */
export interface LeonardoModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  pollIntervalMs?: number;
}

export const LEONARDO_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 8,
  sizes: { minWidth: 32, maxWidth: 1536, minHeight: 32, maxHeight: 1536 },
  seed: true,
  negativePrompt: true,
};

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

/** The task status a generation stands for; its images once COMPLETE. */
function generationStatus(
  generation: Generation | null,
  taskId: string,
  provider: string,
): TaskStatus<ImageModelResult> {
  if (generation === null) {
    throw new SwitchyardError({
      code: 'not_found',
      provider,
      message: `${provider} knows no generation ${taskId}.`,
    });
  }
  switch (generation.status) {
    case 'COMPLETE':
      return {
        state: 'succeeded',
        result: { images: toImages(generation), warnings: [] },
      };
    case 'FAILED':
      return {
        state: 'failed',
        error: new SwitchyardError({
          code: 'unknown',
          provider,
          message: `The ${provider} generation ${taskId} failed; Leonardo gives no reason. Try again or another target.`,
        }),
      };
    default:
      return { state: 'running' };
  }
}

/**
 * A Leonardo model: create a generation, poll it until COMPLETE or FAILED,
 * read its images. Leonardo has no cancel; a generation left behind runs out.
 */
export function createLeonardoImageModel(
  modelId: string,
  config: LeonardoModelConfig,
): ImageModel {
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options });
  const taskModel: ImageTaskModel = {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 2_000,
    async submit(request, options) {
      const { value } = await postJson({
        ...call(options),
        url: `${config.baseURL}/generations`,
        body: requestBody(modelId, request),
        parse: createSchema,
      });
      return { taskId: value.sdGenerationJob.generationId };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...call(options),
        url: `${config.baseURL}/generations/${pathSegment(taskId, config.provider)}`,
        parse: generationSchema,
      });
      return generationStatus(value.generations_by_pk, taskId, config.provider);
    },
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: LEONARDO_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: (request) =>
      ignoredSettings(request, ['aspectRatio', 'referenceImages']),
  });
}
