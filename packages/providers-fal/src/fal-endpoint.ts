import {
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
import { statusSchema, submitSchema } from './fal-api';
import { mapFalError } from './fal-error';

/** fal model ids: an app `owner/app`, optionally with a path (`fal-ai/flux/schnell`). */
export const FAL_MODEL_ID: ModelIdRule = {
  pattern: /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*){1,4}$/,
  form: '"owner/app" or "owner/app/path", e.g. "fal-ai/flux/schnell" (letters, digits, _ . - in each part)',
};

/** What fal models need from their provider. */
export interface FalModelConfig extends ModelHttpConfig {
  /** The queue host, `https://queue.fal.run` (`baseURL` is the synchronous one). */
  queueURL: string;
  /** fal's storage REST host, for uploads to its CDN (default `https://rest.alpha.fal.ai`). */
  storageURL?: string;
  cost?: CostMetadata;
  pollIntervalMs?: number;
}

/**
 * One fal model endpoint, whatever it makes: the body a request becomes, the
 * output schema, and how an output becomes the model's result (an image
 * list, or audio downloaded from the URL fal hosts it at).
 */
export interface FalEndpoint<TRequest, TOutput, TResult> {
  modelId: string;
  config: FalModelConfig;
  /** The JSON input; may throw `unsupported` before any call. */
  body(request: TRequest): unknown;
  output: z.ZodType<TOutput>;
  /** Asks the status for fal's log lines (`?logs=1`): long tasks (video, training) report them. */
  logs?: boolean;
  toResult(
    output: TOutput,
    context: { options: CallOptions; responseHeaders: Record<string, string> },
  ): Promise<TResult>;
}

/** A task model on fal's queue: it always fetches results and cancels. */
export type FalTaskModel<TRequest, TResult> = TaskModel<TRequest, TResult> &
  Required<Pick<TaskModel<TRequest, TResult>, 'result' | 'cancel'>>;

/** The model id as URL path segments, checked against {@link FAL_MODEL_ID}. */
export function falPath(provider: string, modelId: string): string {
  return modelPath({ provider, modelId, rule: FAL_MODEL_ID });
}

function callOptions(config: FalModelConfig, options: CallOptions) {
  return modelCallOptions({ config, call: options, mapError: mapFalError });
}

/**
 * The endpoint on fal's queue as a task model: submit, poll the status,
 * fetch the result, and the queue's cancel. Status and result live under the
 * app's id (`fal-ai/flux`), without the model's subpath (`/schnell`).
 */
export function falTaskModel<TRequest, TOutput, TResult>(
  endpoint: FalEndpoint<TRequest, TOutput, TResult>,
): FalTaskModel<TRequest, TResult> {
  const { config, modelId } = endpoint;
  // Checked at each call (never at creation): a bad id fails the call, before any request.
  const appURL = () =>
    `${config.queueURL}/${falPath(config.provider, modelId).split('/').slice(0, 2).join('/')}`;
  const requestURL = (taskId: string) =>
    `${appURL()}/requests/${pathSegment(taskId, config.provider)}`;
  return {
    provider: config.provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 500,
    async submit(request, options) {
      const { value } = await postJson({
        ...callOptions(config, options),
        url: `${config.queueURL}/${falPath(config.provider, modelId)}`,
        body: endpoint.body(request),
        parse: submitSchema,
      });
      return { taskId: value.request_id };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...callOptions(config, options),
        url: `${requestURL(taskId)}/status${endpoint.logs === true ? '?logs=1' : ''}`,
        parse: statusSchema,
      });
      return toTaskStatus(value);
    },
    async result(taskId, options) {
      const { value, responseHeaders } = await getJson({
        ...callOptions(config, options),
        url: requestURL(taskId),
        parse: endpoint.output,
      });
      return endpoint.toResult(value, { options, responseHeaders });
    },
    async cancel(taskId, options) {
      await postJson({
        ...callOptions(config, options),
        method: 'PUT',
        url: `${requestURL(taskId)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
}

/** Log lines a status hands on: the last few, the gateway keeps fewer still. */
const MAX_LOG_LINES = 20;

/** A share of the work done, as a log line says it ("Generating video: 40%", tqdm's " 45%|"). */
const PERCENT = /(\d{1,3}(?:\.\d+)?)\s?%/;

/**
 * A fal status as core's: IN_QUEUE with its position, IN_PROGRESS with the
 * log lines so far and the progress the latest line with a percentage says
 * (fal has no progress field; models log it), COMPLETED as succeeded.
 */
export function toTaskStatus<TResult>(
  value: z.infer<typeof statusSchema>,
): TaskStatus<TResult> {
  if (value.status === 'COMPLETED') return { state: 'succeeded' };
  const lines = (value.logs ?? [])
    .map((entry) => entry.message?.trim() ?? '')
    .filter((line) => line !== '')
    .slice(-MAX_LOG_LINES);
  const logs = lines.length === 0 ? {} : { logs: lines };
  if (value.status === 'IN_QUEUE') {
    return {
      state: 'queued',
      ...(value.queue_position == null
        ? {}
        : { position: value.queue_position }),
      ...logs,
    };
  }
  const percent = lines
    .map((line) => PERCENT.exec(line)?.[1])
    .findLast((match) => match !== undefined);
  const progress =
    percent === undefined ? undefined : Math.min(Number(percent) / 100, 1);
  return {
    state: 'running',
    ...(progress === undefined ? {} : { progress }),
    ...logs,
  };
}

/** One call to the endpoint's synchronous run URL. */
export async function runFalEndpoint<TRequest, TOutput, TResult>(
  endpoint: FalEndpoint<TRequest, TOutput, TResult>,
  request: TRequest,
  options: CallOptions,
): Promise<TResult> {
  const { config, modelId } = endpoint;
  const { value, responseHeaders } = await postJson({
    ...callOptions(config, options),
    url: `${config.baseURL}/${falPath(config.provider, modelId)}`,
    body: endpoint.body(request),
    parse: endpoint.output,
  });
  return endpoint.toResult(value, { options, responseHeaders });
}
