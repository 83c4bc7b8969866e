import { SwitchyardError } from '../errors/switchyard-error';
import { abortReasonToError } from '../http/call-scope';
import type { Warning } from '../schemas/common';
import type {
  CallOptions,
  CostMetadata,
  SubmittedTask,
  TaskModel,
  TaskStatus,
} from './contract';

/** Default wait between two status polls. */
const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** Consecutive retryable status-poll failures tolerated before giving up. */
const DEFAULT_MAX_POLL_ERRORS = 3;
/** How long the best-effort cancel at the provider may take. */
const CANCEL_TIMEOUT_MS = 10_000;

/** A cancellable wait: resolves after `delayMs`, rejects when `signal` aborts. */
export type Sleep = (delayMs: number, signal?: AbortSignal) => Promise<void>;

/** Options of {@link runTask}. */
export interface RunTaskOptions<TRequest, TResult> {
  taskModel: TaskModel<TRequest, TResult>;
  request: TRequest;
  /** The caller's call options; its signal stops polling and cancels the task. */
  callOptions: CallOptions;
  /** Wait between polls. Default: the task model's `pollIntervalMs`, else 1000 ms. */
  pollIntervalMs?: number;
  /** Gives up (cancelling the task, code `timeout`) after this long. Default: no limit. */
  maxWaitMs?: number;
  /** Consecutive retryable poll failures tolerated. Default 3. */
  maxPollErrors?: number;
  /** Clock for `maxWaitMs`. Default `Date.now`. */
  now?: () => number;
  /** Wait between polls. Default: a `setTimeout` timer, so fake timers drive it. */
  sleep?: Sleep;
}

/**
 * Runs a task-based call to the end: submit, poll the status every
 * `pollIntervalMs` until it succeeds, fails or is cancelled, then take the
 * result the `succeeded` status carries (or fetch it). A retryable
 * status-poll failure is tolerated up to `maxPollErrors` times in a row. When
 * the caller's signal aborts, polling stops, the task is cancelled at the
 * provider (best effort, not awaited) and the call rejects with `cancelled`
 * (or the signal's SwitchyardError reason, e.g. the engine's `timeout`). Any
 * other way of leaving a task that is still running (poll errors,
 * `maxWaitMs`) cancels it too.
 */
export async function runTask<TRequest, TResult>(
  options: RunTaskOptions<TRequest, TResult>,
): Promise<TResult> {
  const { taskModel, callOptions } = options;
  const { signal } = callOptions;
  const hooks = callOptions.task;
  const resumeTaskId = hooks?.resumeTaskId;
  // A resumed task exists already: an abort before its first poll still
  // cancels it (below); only a submit is skipped outright.
  if (resumeTaskId === undefined) throwIfAborted(signal, taskModel.provider);
  const submitted: SubmittedTask<TResult> =
    resumeTaskId === undefined
      ? await taskModel.submit(options.request, callOptions)
      : { taskId: resumeTaskId };
  const { taskId } = submitted;
  if (resumeTaskId === undefined) await hooks?.onSubmitted?.(taskId);
  // Set once the task reached a final state; until then, leaving cancels it.
  let settled = false;
  try {
    const status = await pollUntilFinal(options, submitted);
    settled = true;
    return await finalResult({ taskModel, taskId, callOptions }, status);
  } catch (error) {
    const leaveRunning =
      signal?.aborted === true && hooks?.cancelTaskOnAbort?.() === false;
    if (!settled && !leaveRunning) {
      void cancelQuietly({ taskModel, taskId, callOptions });
      hooks?.onAbandoned?.(taskId);
    }
    if (signal?.aborted) {
      throw abortReasonToError(signal.reason, taskModel.provider);
    }
    throw error;
  }
}

/** A status that ends a task. */
type FinalStatus<TResult> = Extract<
  TaskStatus<TResult>,
  { state: 'succeeded' | 'failed' | 'cancelled' }
>;

/**
 * Polls until the task reaches a final state (starting from the status the
 * submit answered, when it gave one); throws on abort, on too many poll
 * errors in a row and after `maxWaitMs`.
 */
async function pollUntilFinal<TRequest, TResult>(
  options: RunTaskOptions<TRequest, TResult>,
  submitted: SubmittedTask<TResult>,
): Promise<FinalStatus<TResult>> {
  const { taskModel, callOptions } = options;
  const { signal } = callOptions;
  const { provider } = taskModel;
  const { taskId } = submitted;
  const sleep = options.sleep ?? cancellableSleep;
  const now = options.now ?? Date.now;
  const interval =
    options.pollIntervalMs ??
    taskModel.pollIntervalMs ??
    DEFAULT_POLL_INTERVAL_MS;
  const maxPollErrors = options.maxPollErrors ?? DEFAULT_MAX_POLL_ERRORS;
  const startedAt = now();
  let known = submitted.status;
  let pollErrors = 0;
  while (true) {
    throwIfAborted(signal, provider);
    let status = known;
    known = undefined;
    try {
      status ??= await taskModel.status(taskId, callOptions);
      pollErrors = 0;
    } catch (error) {
      pollErrors += 1;
      if (!isRetryable(error) || pollErrors >= maxPollErrors) throw error;
    }
    throwIfAborted(signal, provider);
    if (status !== undefined) callOptions.task?.onStatus?.(status);
    if (status !== undefined && isFinal(status)) return status;
    const waited = now() - startedAt;
    if (options.maxWaitMs !== undefined && waited >= options.maxWaitMs) {
      throw new SwitchyardError({
        code: 'timeout',
        provider,
        message: `The ${provider} task ${taskId} did not finish within ${options.maxWaitMs} ms.`,
      });
    }
    await sleep(interval, signal);
  }
}

function isFinal<TResult>(
  status: TaskStatus<TResult>,
): status is FinalStatus<TResult> {
  return (
    status.state === 'succeeded' ||
    status.state === 'failed' ||
    status.state === 'cancelled'
  );
}

/** The result of a task in a final state, or the error its state stands for. */
async function finalResult<TRequest, TResult>(
  context: {
    taskModel: TaskModel<TRequest, TResult>;
    taskId: string;
    callOptions: CallOptions;
  },
  status: FinalStatus<TResult>,
): Promise<TResult> {
  const { taskModel, taskId, callOptions } = context;
  const { provider } = taskModel;
  if (status.state === 'failed') throw taskFailed(status.error, provider);
  if (status.state === 'cancelled') {
    throw new SwitchyardError({
      code: 'unknown',
      provider,
      message: `The ${provider} task ${taskId} was cancelled at the provider.`,
    });
  }
  if (status.result !== undefined) return status.result;
  if (taskModel.result !== undefined) {
    return await taskModel.result(taskId, callOptions);
  }
  throw new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `The ${provider} task ${taskId} succeeded without a result.`,
  });
}

/** A `setTimeout` wait that rejects (and clears its timer) when `signal` aborts. */
export const cancellableSleep: Sleep = (delayMs, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReasonToError(signal.reason, 'switchyard'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReasonToError(signal?.reason, 'switchyard'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function throwIfAborted(
  signal: AbortSignal | undefined,
  provider: string,
): void {
  if (signal?.aborted) throw abortReasonToError(signal.reason, provider);
}

function isRetryable(error: unknown): boolean {
  return SwitchyardError.isInstance(error) && error.isRetryable;
}

function taskFailed(error: Error, provider: string): SwitchyardError {
  if (SwitchyardError.isInstance(error)) return error;
  return new SwitchyardError({
    code: 'unknown',
    provider,
    message: `The ${provider} task failed: ${error.message}`,
    cause: error,
  });
}

/**
 * Asks the provider to cancel, bounded in time; never throws (a durable
 * job's `cancelTask`, and what {@link runTask} does when it leaves a task
 * still running).
 */
export function cancelQuietly<TRequest, TResult>(context: {
  taskModel: TaskModel<TRequest, TResult>;
  taskId: string;
  /** Its headers go with the cancel. Default: none. */
  callOptions?: CallOptions;
}): Promise<void> {
  const { taskModel, taskId, callOptions = {} } = context;
  if (taskModel.cancel === undefined) return Promise.resolve();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CANCEL_TIMEOUT_MS);
  timer.unref?.();
  return taskModel
    .cancel(taskId, { headers: callOptions.headers, signal: controller.signal })
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
}

/** Options of the adapters from a task model to a plain model of a kind. */
export type TaskModelAdapterOptions<TRequest, TResult, TCapabilities> = Omit<
  RunTaskOptions<TRequest, TResult>,
  'request' | 'callOptions'
> & {
  capabilities: TCapabilities;
  cost?: CostMetadata;
  /**
   * The warnings a request earns (settings the model ignores or changes).
   * They join the task's result, a resumed task's too, so the task model
   * keeps nothing between its submit and its result.
   */
  warnings?: (request: TRequest) => Warning[];
  /**
   * Completes a finished task's result from its request before it is
   * checked, e.g. a length the provider does not state but the request
   * fixed.
   */
  finish?: (result: TResult, request: TRequest) => TResult;
  /**
   * Refuse with `unsupported`, before the submit, a request the
   * capabilities rule out (the engine skips such a target; this is for
   * callers of the model itself). Off by default: some models serve such a
   * request with a warning instead.
   */
  refuseUnsupported?: boolean;
};

/**
 * What every task-model adapter (image, video, training, speech, music)
 * builds, all but `kind`: a `generate` that runs the task to its end with
 * {@link runTask} (with `refuseUnsupported`, a request `unsupported` names
 * a reason for is refused before its submit), completes
 * the result with `finish`, adds the request's
 * `warnings` and checks the result with `check` (a resumed task's
 * result reaches its caller without the engine, so it is checked here too),
 * a `cancelTask` that cancels at the provider, quietly, and `task` saying
 * whether the task model can cancel at all.
 * @internal
 */
export function taskRunningModel<
  TRequest,
  TResult extends { warnings: Warning[] },
  TCapabilities,
>(
  options: TaskModelAdapterOptions<TRequest, TResult, TCapabilities>,
  check: (result: TResult, request: TRequest) => TResult | Promise<TResult>,
  unsupported?: (
    capabilities: TCapabilities,
    request: TRequest,
  ) => string | undefined,
) {
  const {
    taskModel,
    capabilities,
    cost,
    warnings,
    finish,
    refuseUnsupported,
    ...pollOptions
  } = options;
  const { provider, modelId } = taskModel;
  return {
    provider,
    modelId,
    capabilities,
    cost,
    task: { cancellable: taskModel.cancel !== undefined },
    generate: async (
      request: TRequest,
      callOptions: CallOptions,
    ): Promise<TResult> => {
      // Before a submit only: a resumed task was checked when it began.
      const reason =
        refuseUnsupported === true &&
        callOptions.task?.resumeTaskId === undefined
          ? unsupported?.(capabilities, request)
          : undefined;
      if (reason !== undefined) {
        throw new SwitchyardError({
          code: 'unsupported',
          provider,
          message: `${provider} model ${modelId} cannot serve this request: ${reason}.`,
        });
      }
      const done = await runTask({
        ...pollOptions,
        taskModel,
        request,
        callOptions,
      });
      const result = finish === undefined ? done : finish(done, request);
      return check(
        {
          ...result,
          warnings: [...(warnings?.(request) ?? []), ...result.warnings],
        },
        request,
      );
    },
    cancelTask: (taskId: string) => cancelQuietly({ taskModel, taskId }),
  };
}
