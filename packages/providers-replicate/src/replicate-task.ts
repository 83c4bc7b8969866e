import {
  getJson,
  modelCallOptions,
  pathSegment,
  postJson,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type TaskModel,
  type TaskStatus,
} from '@switchyard/core';
import { z } from 'zod';
import type { ReplicateJob } from './replicate-api';
import { mapReplicateError } from './replicate-error';
import { failedJobError, logLines, progressOf } from './replicate-job-status';

/** What Replicate models need from their provider. */
export interface ReplicateModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  pollIntervalMs?: number;
  /** Seconds Replicate may hold the create call open (`Prefer: wait=N`). */
  waitSeconds: number;
  /** The model trainings push their versions to (`owner/name`), from the settings. */
  trainingDestination?: string;
}

/** Where Replicate keeps a kind of job: `/predictions/{id}` or `/trainings/{id}`. */
export type ReplicateCollection = 'predictions' | 'trainings';

/** How one kind of Replicate job is created and read. */
export interface ReplicateTaskSpec<
  TRequest,
  TJob extends ReplicateJob,
  TResult,
> {
  modelId: string;
  config: ReplicateModelConfig;
  collection: ReplicateCollection;
  schema: z.ZodType<TJob>;
  /**
   * The create call's URL and body. It checks the request (throwing before
   * any request is sent) and may upload files first.
   */
  create(
    request: TRequest,
    options: CallOptions,
  ): Promise<{ url: string; body: object }>;
  /** Send `Prefer: wait` (predictions only: fast models then answer done at once). */
  preferWait: boolean;
  /** True once the job's result can be taken. */
  isDone(job: TJob): boolean;
  /** The result of a finished job (it may download its output). */
  result(job: TJob, options: CallOptions): Promise<TResult>;
}

/**
 * A Replicate job (a prediction or a training) as a task on core's poller:
 * created once, read back by its id until it succeeds, fails or is cancelled,
 * cancelled at Replicate when the caller gives up. It keeps nothing between
 * calls, so a durable job resumes it in a new process from the id alone.
 */
export function createReplicateTaskModel<
  TRequest,
  TJob extends ReplicateJob,
  TResult,
>(
  spec: ReplicateTaskSpec<TRequest, TJob, TResult>,
): TaskModel<TRequest, TResult> {
  const { config } = spec;
  const call = (callOptions: CallOptions) =>
    modelCallOptions({
      config,
      call: callOptions,
      mapError: mapReplicateError,
    });
  const jobURL = (taskId: string) =>
    `${config.baseURL}/${spec.collection}/${pathSegment(taskId, config.provider)}`;
  const statusOf = (job: TJob, callOptions: CallOptions) =>
    jobStatus({ job, spec, callOptions, headers: call(callOptions).headers });
  return {
    provider: config.provider,
    modelId: spec.modelId,
    pollIntervalMs: config.pollIntervalMs ?? 1_000,
    async submit(request, callOptions) {
      const created = await spec.create(request, callOptions);
      const base = call(callOptions);
      const { value } = await postJson({
        ...base,
        ...created,
        headers: spec.preferWait
          ? { ...base.headers, prefer: `wait=${config.waitSeconds}` }
          : base.headers,
        parse: spec.schema,
      });
      return {
        taskId: value.id,
        status: await answeredStatus(value, (job) =>
          statusOf(job, callOptions),
        ),
      };
    },
    async status(taskId, callOptions) {
      const { value } = await getJson({
        ...call(callOptions),
        url: jobURL(taskId),
        parse: spec.schema,
      });
      return statusOf({ ...value, id: taskId }, callOptions);
    },
    async cancel(taskId, callOptions) {
      await postJson({
        ...call(callOptions),
        url: `${jobURL(taskId)}/cancel`,
        body: undefined,
        parse: z.unknown(),
      });
    },
  };
}

/**
 * The status the create answer already tells (a fast model is done under
 * `Prefer: wait`). Taking its result may fail (a download cut short): then
 * none, so the submit still hands the job's id to `onSubmitted` and the
 * first poll takes the result again. A paid job is never left without its id.
 */
async function answeredStatus<TJob extends ReplicateJob, TResult>(
  job: TJob,
  statusOf: (job: TJob) => Promise<TaskStatus<TResult>>,
): Promise<TaskStatus<TResult> | undefined> {
  try {
    return await statusOf(job);
  } catch {
    return undefined;
  }
}

/** The task status a job stands for; its result once done. */
async function jobStatus<
  TRequest,
  TJob extends ReplicateJob,
  TResult,
>(context: {
  job: TJob;
  spec: ReplicateTaskSpec<TRequest, TJob, TResult>;
  callOptions: CallOptions;
  headers: Record<string, string | undefined>;
}): Promise<TaskStatus<TResult>> {
  const { job, spec } = context;
  if (spec.isDone(job)) {
    const result = await spec.result(job, context.callOptions);
    return { state: 'succeeded', result };
  }
  const logs = logLines(job.logs);
  switch (job.status) {
    case 'starting':
      return { state: 'queued', ...(logs.length > 0 ? { logs } : {}) };
    case 'failed':
    case 'aborted':
      return {
        state: 'failed',
        error: failedJobError({
          job,
          provider: spec.config.provider,
          collection: spec.collection,
          headers: context.headers,
        }),
      };
    case 'canceled':
      return { state: 'cancelled' };
    default: {
      const progress = progressOf(job.logs);
      return {
        state: 'running',
        ...(progress === undefined ? {} : { progress }),
        ...(logs.length > 0 ? { logs } : {}),
      };
    }
  }
}
