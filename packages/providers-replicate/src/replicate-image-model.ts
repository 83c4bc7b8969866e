import {
  SwitchyardError,
  assertModelId,
  getJson,
  modelCallOptions,
  modelPath,
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

function inputOf(request: ImageRequest): {
  input: Record<string, unknown>;
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  for (const setting of ['negativePrompt', 'referenceImages'] as const) {
    if (request[setting] !== undefined)
      warnings.push(unsupportedSetting({ setting }));
  }
  if (request.width !== undefined) {
    warnings.push(
      unsupportedSetting({
        setting: 'width',
        details:
          'Replicate image models take aspectRatio; width and height were ignored.',
      }),
    );
  }
  const input = {
    prompt: request.prompt,
    num_outputs: request.n,
    aspect_ratio: request.aspectRatio,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance: request.guidance,
  };
  return {
    input: Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined),
    ),
    warnings,
  };
}

/** Replicate model ids: `owner/name`, optionally pinned to a version (`owner/name:<hex>`). */
export const REPLICATE_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(:[0-9a-fA-F]{8,128})?$/,
  form: '"owner/name" or "owner/name:version", e.g. "black-forest-labs/flux-schnell" (a version is hexadecimal)',
};

/**
 * A Replicate model run as a prediction: created with `Prefer: wait` (fast
 * models answer at once), else polled until it succeeds, fails or is
 * cancelled; cancelled at Replicate when the caller gives up.
 */
export function createReplicateImageModel(
  modelId: string,
  config: ReplicateModelConfig,
): ImageModel {
  const predictions = new Map<
    string,
    { prediction: Prediction; warnings: Warning[] }
  >();
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapReplicateError });
  const [model, version] = modelId.split(':');
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
      const { input, warnings } = inputOf(request);
      const base = call(options);
      const { value } = await postJson({
        ...base,
        headers: { ...base.headers, prefer: `wait=${config.waitSeconds}` },
        url:
          version === undefined
            ? `${config.baseURL}/models/${modelPath({ provider: config.provider, modelId: model ?? '', rule: REPLICATE_MODEL_ID })}/predictions`
            : `${config.baseURL}/predictions`,
        body: version === undefined ? { input } : { version, input },
        parse: predictionSchema,
      });
      predictions.set(value.id, { prediction: value, warnings });
      return { taskId: value.id };
    },
    async status(taskId, options): Promise<TaskStatus> {
      const known = predictions.get(taskId);
      let prediction = known?.prediction;
      if (prediction === undefined || !isDone(prediction)) {
        const { value } = await getJson({
          ...call(options),
          url: `${config.baseURL}/predictions/${pathSegment(taskId, config.provider)}`,
          parse: predictionSchema,
        });
        prediction = value;
        predictions.set(taskId, {
          prediction,
          warnings: known?.warnings ?? [],
        });
      }
      if (isDone(prediction)) return { state: 'succeeded' };
      switch (prediction.status) {
        case 'starting':
          return { state: 'queued' };
        case 'failed':
          predictions.delete(taskId);
          return {
            state: 'failed',
            error: new SwitchyardError({
              code: /nsfw|safety/i.test(prediction.error ?? '')
                ? 'content_policy'
                : 'unknown',
              provider: config.provider,
              message: `The ${config.provider} prediction ${taskId} failed: ${prediction.error ?? 'no reason given'}`,
            }),
          };
        case 'canceled':
          predictions.delete(taskId);
          return { state: 'cancelled' };
        default:
          return { state: 'running' };
      }
    },
    result(taskId) {
      const known = predictions.get(taskId);
      predictions.delete(taskId);
      const urls = known === undefined ? [] : outputURLs(known.prediction);
      return Promise.resolve({
        images: urls.map((url) => ({ url, mimeType: mimeTypeOf(url) })),
        warnings: known?.warnings ?? [],
      });
    },
    async cancel(taskId, options) {
      predictions.delete(taskId);
      await postJson({
        ...call(options),
        url: `${config.baseURL}/predictions/${pathSegment(taskId, config.provider)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
  return taskModelToImageModel({
    taskModel,
    capabilities: REPLICATE_IMAGE_CAPABILITIES,
    cost: config.cost,
  });
}
