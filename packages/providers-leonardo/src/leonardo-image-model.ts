import {
  SwitchyardError,
  getJson,
  modelCallOptions,
  pathSegment,
  postJson,
  taskModelToImageModel,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type ImageCapabilities,
  type ImageModel,
  type ImageRequest,
  type ImageTaskModel,
  type TaskStatus,
  type Warning,
} from '@switchyard/core';
import {
  createSchema,
  generationSchema,
  type Generation,
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

function requestBody(
  modelId: string,
  request: ImageRequest,
): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  for (const setting of ['aspectRatio', 'referenceImages'] as const) {
    if (request[setting] !== undefined)
      warnings.push(unsupportedSetting({ setting }));
  }
  const body = {
    modelId,
    prompt: request.prompt,
    negative_prompt: request.negativePrompt,
    width: request.width,
    height: request.height,
    num_images: request.n,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance_scale: request.guidance,
  };
  return {
    body: Object.fromEntries(
      Object.entries(body).filter(([, value]) => value !== undefined),
    ),
    warnings,
  };
}

/**
 * A Leonardo model: create a generation, poll it until COMPLETE or FAILED,
 * read its images. Leonardo has no cancel; a generation left behind runs out.
 */
export function createLeonardoImageModel(
  modelId: string,
  config: LeonardoModelConfig,
): ImageModel {
  const generations = new Map<
    string,
    { generation?: Generation; warnings: Warning[] }
  >();
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options });
  const taskModel: ImageTaskModel = {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 2_000,
    async submit(request, options) {
      const { body, warnings } = requestBody(modelId, request);
      const { value } = await postJson({
        ...call(options),
        url: `${config.baseURL}/generations`,
        body,
        parse: createSchema,
      });
      const taskId = value.sdGenerationJob.generationId;
      generations.set(taskId, { warnings });
      return { taskId };
    },
    async status(taskId, options): Promise<TaskStatus> {
      const { value } = await getJson({
        ...call(options),
        url: `${config.baseURL}/generations/${pathSegment(taskId, config.provider)}`,
        parse: generationSchema,
      });
      const generation = value.generations_by_pk;
      if (generation === null) {
        generations.delete(taskId);
        throw new SwitchyardError({
          code: 'not_found',
          provider: config.provider,
          message: `${config.provider} knows no generation ${taskId}.`,
        });
      }
      generations.set(taskId, {
        generation,
        warnings: generations.get(taskId)?.warnings ?? [],
      });
      switch (generation.status) {
        case 'COMPLETE':
          return { state: 'succeeded' };
        case 'FAILED':
          generations.delete(taskId);
          return {
            state: 'failed',
            error: new SwitchyardError({
              code: 'unknown',
              provider: config.provider,
              message: `The ${config.provider} generation ${taskId} failed; Leonardo gives no reason. Try again or another target.`,
            }),
          };
        default:
          return { state: 'running' };
      }
    },
    result(taskId) {
      const known = generations.get(taskId);
      generations.delete(taskId);
      const generation = known?.generation;
      return Promise.resolve({
        images: (generation?.generated_images ?? []).map((image) => ({
          url: image.url,
          mimeType: /\.png(?:\?|$)/i.test(image.url)
            ? 'image/png'
            : 'image/jpeg',
          ...(generation?.imageWidth == null
            ? {}
            : { width: generation.imageWidth }),
          ...(generation?.imageHeight == null
            ? {}
            : { height: generation.imageHeight }),
          ...(generation?.seed == null ? {} : { seed: generation.seed }),
        })),
        warnings: known?.warnings ?? [],
      });
    },
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: LEONARDO_IMAGE_CAPABILITIES,
    cost: config.cost,
  });
}
