import {
  HttpModel,
  getJson,
  ignoredSettings,
  modelCallOptions,
  modelPath,
  omitUndefined,
  pathSegment,
  postJson,
  taskModelToImageModel,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type ImageTaskModel,
  type ModelIdRule,
  type Warning,
} from '@switchyard/core';
import { z } from 'zod';
import {
  imageOutputSchema,
  statusSchema,
  submitSchema,
  type FalImageBody,
  toImages,
} from './fal-api';
import { mapFalError } from './fal-error';

/** fal model ids with known prices; any other fal app id is passed through. */
export type FalImageModelId =
  'fal-ai/flux/schnell' | 'fal-ai/flux/dev' | (string & {});

/** fal model ids: an app `owner/app`, optionally with a path (`fal-ai/flux/schnell`). */
export const FAL_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*){1,4}$/,
  form: '"owner/app" or "owner/app/path", e.g. "fal-ai/flux/schnell" (letters, digits, _ . - in each part)',
};

/** The model id as URL path segments, checked against {@link FAL_MODEL_ID}. */
function falPath(provider: string, modelId: string): string {
  return modelPath({ provider, modelId, rule: FAL_MODEL_ID });
}

/** What fal models need from their provider. */
export interface FalModelConfig extends ModelHttpConfig {
  /** The queue host, `https://queue.fal.run` (`baseURL` is the synchronous one). */
  queueURL: string;
  cost?: CostMetadata;
  pollIntervalMs?: number;
}

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

/** The settings fal's image models ignore, and an aspect ratio fal has no size for. */
function falImageWarnings(request: ImageRequest): Warning[] {
  const warnings = ignoredSettings(request, [
    'negativePrompt',
    'referenceImages',
  ]);
  if (
    request.aspectRatio !== undefined &&
    (request.width === undefined || request.height === undefined) &&
    IMAGE_SIZE_BY_RATIO[request.aspectRatio] === undefined
  ) {
    warnings.push(unsupportedSetting({ setting: 'aspectRatio' }));
  }
  return warnings;
}

/** The request body fal's image models take. */
function falImageBody(request: ImageRequest): FalImageBody {
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

/**
 * A fal model on the queue: submit, poll the status, fetch the result; the
 * queue's own cancel when the caller gives up. Status and result live under
 * the app's id (`fal-ai/flux`), without the model's subpath (`/schnell`).
 */
export function createFalQueueModel(
  modelId: string,
  config: FalModelConfig,
): ImageModel {
  // Checked at each call (never at creation): a bad id fails the call, before any request.
  const appURL = () =>
    `${config.queueURL}/${falPath(config.provider, modelId).split('/').slice(0, 2).join('/')}`;
  const requestURL = (taskId: string) =>
    `${appURL()}/requests/${pathSegment(taskId, config.provider)}`;
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapFalError });
  const taskModel: ImageTaskModel = {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 500,
    async submit(request, options) {
      const { value } = await postJson({
        ...call(options),
        url: `${config.queueURL}/${falPath(config.provider, modelId)}`,
        body: falImageBody(request),
        parse: submitSchema,
      });
      return { taskId: value.request_id };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...call(options),
        url: `${requestURL(taskId)}/status`,
        parse: statusSchema,
      });
      if (value.status === 'COMPLETED') return { state: 'succeeded' };
      if (value.status === 'IN_QUEUE') {
        return { state: 'queued', position: value.queue_position ?? undefined };
      }
      return { state: 'running' };
    },
    async result(taskId, options): Promise<ImageModelResult> {
      const { value, responseHeaders } = await getJson({
        ...call(options),
        url: requestURL(taskId),
        parse: imageOutputSchema,
      });
      return { images: toImages(value), warnings: [], responseHeaders };
    },
    async cancel(taskId, options) {
      await postJson({
        ...call(options),
        method: 'PUT',
        url: `${requestURL(taskId)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: FAL_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: falImageWarnings,
  });
}

/** A fal model on the synchronous run endpoint: one request, one answer. */
export class FalRunImageModel
  extends HttpModel<FalModelConfig>
  implements ImageModel
{
  readonly kind = 'image';
  readonly capabilities = FAL_IMAGE_CAPABILITIES;
  protected override readonly mapError = mapFalError;

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const { value, responseHeaders } = await postJson({
      ...this.http(options),
      url: `${this.config.baseURL}/${falPath(this.provider, this.modelId)}`,
      body: falImageBody(request),
      parse: imageOutputSchema,
    });
    return {
      images: toImages(value),
      warnings: falImageWarnings(request),
      responseHeaders,
    };
  }
}
