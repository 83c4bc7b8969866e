import {
  SwitchyardError,
  assertModelId,
  getJson,
  modelCallOptions,
  modelPath,
  pathSegment,
  postJson,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type ModelIdRule,
  type TaskModel,
  type TaskStatus,
} from '@switchyard/core';
import { z } from 'zod';
import {
  isDone,
  predictionSchema,
  type Prediction,
  type PredictionBody,
} from './replicate-api';
import { mapReplicateError } from './replicate-error';

/** What Replicate models need from their provider. */
export interface ReplicateModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  pollIntervalMs?: number;
  /** Seconds Replicate may hold the create call open (`Prefer: wait=N`). */
  waitSeconds: number;
}

/** Replicate model ids: `owner/name`, optionally pinned to a version (`owner/name:<hex>`). */
export const REPLICATE_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(:[0-9a-fA-F]{8,128})?$/,
  form: '"owner/name" or "owner/name:version", e.g. "black-forest-labs/flux-schnell" (a version is hexadecimal)',
};

/** How one kind of model (image, speech, music) reads and writes predictions. */
export interface PredictionKind<TRequest, TResult> {
  /** The prediction's `input` for a request. */
  input(request: TRequest): object;
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
  const call = (callOptions: CallOptions) =>
    modelCallOptions({
      config,
      call: callOptions,
      mapError: mapReplicateError,
    });
  const predictionURL = (taskId: string) =>
    `${config.baseURL}/predictions/${pathSegment(taskId, config.provider)}`;
  const statusOf = (prediction: Prediction, callOptions: CallOptions) =>
    predictionStatus({
      prediction,
      kind,
      callOptions,
      provider: config.provider,
    });
  return {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 1_000,
    async submit(request, callOptions) {
      // The whole id (version included) is checked before any request.
      assertModelId({
        provider: config.provider,
        modelId,
        rule: REPLICATE_MODEL_ID,
      });
      const base = call(callOptions);
      const { value } = await postJson({
        ...base,
        ...createRequest({ options, input: kind.input(request) }),
        headers: { ...base.headers, prefer: `wait=${config.waitSeconds}` },
        parse: predictionSchema,
      });
      // A fast model answers done at once: no poll then.
      const status = isDone(value)
        ? await statusOf(value, callOptions)
        : undefined;
      return { taskId: value.id, status };
    },
    async status(taskId, callOptions) {
      const { value } = await getJson({
        ...call(callOptions),
        url: predictionURL(taskId),
        parse: predictionSchema,
      });
      return statusOf({ ...value, id: taskId }, callOptions);
    },
    async cancel(taskId, callOptions) {
      await postJson({
        ...call(callOptions),
        url: `${predictionURL(taskId)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
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

/** The task status a prediction stands for; its result once done. */
async function predictionStatus<TRequest, TResult>(context: {
  prediction: Prediction;
  kind: PredictionKind<TRequest, TResult>;
  callOptions: CallOptions;
  provider: string;
}): Promise<TaskStatus<TResult>> {
  const { prediction, provider } = context;
  if (isDone(prediction)) {
    const result = await context.kind.result(prediction, context.callOptions);
    return { state: 'succeeded', result };
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
          message: `The ${provider} prediction ${prediction.id} failed: ${prediction.error ?? 'no reason given'}`,
        }),
      };
    case 'canceled':
      return { state: 'cancelled' };
    default:
      return { state: 'running' };
  }
}
