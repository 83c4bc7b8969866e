import {
  assertModelId,
  modelPath,
  type CallOptions,
  type ModelIdRule,
  type TaskModel,
} from '@switchyard/core';
import {
  isDone,
  predictionSchema,
  type Prediction,
  type PredictionBody,
} from './replicate-api';
import {
  createReplicateTaskModel,
  type ReplicateModelConfig,
} from './replicate-task';

export type { ReplicateModelConfig } from './replicate-task';

/** Replicate model ids: `owner/name`, optionally pinned to a version (`owner/name:<hex>`). */
export const REPLICATE_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(:[0-9a-fA-F]{8,128})?$/,
  form: '"owner/name" or "owner/name:version", e.g. "black-forest-labs/flux-schnell" (a version is hexadecimal)',
};

/** How one kind of model (image, speech, music, video) reads and writes predictions. */
export interface PredictionKind<TRequest, TResult> {
  /**
   * The prediction's `input` for a request. It may check the request
   * (throwing before any call) and upload files the input points at.
   */
  input(request: TRequest, options: CallOptions): object | Promise<object>;
  /** The result of a finished prediction (it may download its output). */
  result(prediction: Prediction, options: CallOptions): Promise<TResult>;
}

/** Options of {@link createPredictionTaskModel}. */
export interface PredictionTaskModelOptions<TRequest, TResult> {
  modelId: string;
  config: ReplicateModelConfig;
  kind: PredictionKind<TRequest, TResult>;
  /**
   * The version an `owner/name` id runs, for models that are not Replicate
   * "official" ones (those take no version); a pinned id keeps its own.
   */
  defaultVersion?: string;
}

/**
 * A Replicate model as a task: a prediction created with `Prefer: wait`
 * (fast models answer done at once), else polled until it succeeds, fails or
 * is cancelled; cancelled at Replicate when the caller gives up. It keeps
 * nothing between calls, so a durable job resumes a prediction by its id.
 */
export function createPredictionTaskModel<TRequest, TResult>(
  options: PredictionTaskModelOptions<TRequest, TResult>,
): TaskModel<TRequest, TResult> {
  const { modelId, config, kind } = options;
  return createReplicateTaskModel({
    modelId,
    config,
    collection: 'predictions',
    schema: predictionSchema,
    preferWait: true,
    async create(request, callOptions) {
      // The whole id (version included) is checked before any request.
      assertModelId({
        provider: config.provider,
        modelId,
        rule: REPLICATE_MODEL_ID,
      });
      const input = await kind.input(request, callOptions);
      return createRequest({ options, input });
    },
    isDone,
    result: (prediction, callOptions) => kind.result(prediction, callOptions),
  });
}

/** Where a prediction of the model is created, and its body. */
function createRequest<TRequest, TResult>(context: {
  options: PredictionTaskModelOptions<TRequest, TResult>;
  input: object;
}): { url: string; body: PredictionBody } {
  const { options, input } = context;
  const { config } = options;
  const [model, pinned] = options.modelId.split(':');
  const version = pinned ?? options.defaultVersion;
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
