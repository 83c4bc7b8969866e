import {
  SwitchyardError,
  assertModelId,
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
  type TaskStatus,
  type Warning,
} from '@switchyard/core';
import { z } from 'zod';
import {
  isDone,
  mimeTypeOf,
  outputURLs,
  predictionSchema,
  type Prediction,
  type PredictionBody,
  type PredictionInput,
} from './replicate-api';
import { mapReplicateError } from './replicate-error';

/** Replicate model ids (`owner/name`, or `owner/name:version`); any other is passed through. */
export type ReplicateImageModelId =
  | 'black-forest-labs/flux-schnell'
  | 'black-forest-labs/flux-dev'
  | (string & {});

/** What Replicate models need from their provider. */
export interface ReplicateModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  pollIntervalMs?: number;
  /** Seconds Replicate may hold the create call open (`Prefer: wait=N`). */
  waitSeconds: number;
}

export const REPLICATE_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 4,
  sizes: ['1024x1024'],
  aspectRatios: [
    '1:1',
    '16:9',
    '21:9',
    '3:2',
    '2:3',
    '4:5',
    '5:4',
    '3:4',
    '4:3',
    '9:16',
    '9:21',
  ],
  seed: true,
  negativePrompt: false,
};

function inputOf(request: ImageRequest): PredictionInput {
  return omitUndefined({
    prompt: request.prompt,
    num_outputs: request.n,
    aspect_ratio: request.aspectRatio,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance: request.guidance,
  });
}

/** The settings Replicate's image models ignore. */
function requestWarnings(request: ImageRequest): Warning[] {
  const warnings = ignoredSettings(request, [
    'negativePrompt',
    'referenceImages',
  ]);
  if (request.width !== undefined) {
    warnings.push(
      unsupportedSetting({
        setting: 'width',
        details:
          'Replicate image models take aspectRatio; width and height were ignored.',
      }),
    );
  }
  return warnings;
}

/** Replicate model ids: `owner/name`, optionally pinned to a version (`owner/name:<hex>`). */
export const REPLICATE_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(:[0-9a-fA-F]{8,128})?$/,
  form: '"owner/name" or "owner/name:version", e.g. "black-forest-labs/flux-schnell" (a version is hexadecimal)',
};

/** The task status a prediction stands for; its images once done. */
function predictionStatus(
  prediction: Prediction,
  provider: string,
  taskId = prediction.id,
): TaskStatus<ImageModelResult> {
  if (isDone(prediction)) {
    const images = outputURLs(prediction).map((url) => ({
      url,
      mimeType: mimeTypeOf(url),
    }));
    return { state: 'succeeded', result: { images, warnings: [] } };
  }
  switch (prediction.status) {
    case 'starting':
      return { state: 'queued' };
    case 'failed':
      return {
        state: 'failed',
        error: new SwitchyardError({
          code: /nsfw|safety/i.test(prediction.error ?? '')
            ? 'content_policy'
            : 'unknown',
          provider,
          message: `The ${provider} prediction ${taskId} failed: ${prediction.error ?? 'no reason given'}`,
        }),
      };
    case 'canceled':
      return { state: 'cancelled' };
    default:
      return { state: 'running' };
  }
}

/** Where a prediction of `modelId` is created, and its body. */
function createRequest(
  modelId: string,
  config: ReplicateModelConfig,
  request: ImageRequest,
): { url: string; body: PredictionBody } {
  const [model, version] = modelId.split(':');
  const input = inputOf(request);
  if (version !== undefined) {
    return { url: `${config.baseURL}/predictions`, body: { version, input } };
  }
  const path = modelPath({
    provider: config.provider,
    modelId: model ?? '',
    rule: REPLICATE_MODEL_ID,
  });
  return {
    url: `${config.baseURL}/models/${path}/predictions`,
    body: { input },
  };
}

/**
 * A Replicate model run as a prediction: created with `Prefer: wait` (fast
 * models answer at once), else polled until it succeeds, fails or is
 * cancelled; cancelled at Replicate when the caller gives up.
 */
export function createReplicateImageModel(
  modelId: string,
  config: ReplicateModelConfig,
): ImageModel {
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapReplicateError });
  const predictionURL = (taskId: string) =>
    `${config.baseURL}/predictions/${pathSegment(taskId, config.provider)}`;
  const taskModel: ImageTaskModel = {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 1_000,
    async submit(request, options) {
      // The whole id (version included) is checked before any request.
      assertModelId({
        provider: config.provider,
        modelId,
        rule: REPLICATE_MODEL_ID,
      });
      const base = call(options);
      const { value } = await postJson({
        ...base,
        ...createRequest(modelId, config, request),
        headers: { ...base.headers, prefer: `wait=${config.waitSeconds}` },
        parse: predictionSchema,
      });
      // A fast model answers done at once: no poll then.
      const status = isDone(value)
        ? predictionStatus(value, config.provider)
        : undefined;
      return { taskId: value.id, status };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...call(options),
        url: predictionURL(taskId),
        parse: predictionSchema,
      });
      return predictionStatus(value, config.provider, taskId);
    },
    async cancel(taskId, options) {
      await postJson({
        ...call(options),
        url: `${predictionURL(taskId)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: REPLICATE_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: requestWarnings,
  });
}
