import { SwitchyardError, type CallOptions } from '@switchyard/core';
import { expect, vi } from 'vitest';

/** A task-based model as the scenarios below call it. */
export interface TaskScenarioModel<TRequest, TResult> {
  generate(request: TRequest, options: CallOptions): Promise<TResult>;
}

/** Options of {@link crashAndResume}. */
export interface CrashAndResumeOptions<TRequest, TResult> {
  /** A fresh model each time: the resume runs in "another process". */
  model: () => TaskScenarioModel<TRequest, TResult>;
  request: TRequest;
  /** The resumed call's request (the job's stored one); `request` if left out. */
  resumeRequest?: TRequest;
  /** Runs between the crash and the resume, e.g. to make the task finish upstream. */
  beforeResume?: (taskId: string) => void;
}

/**
 * The durable-job scenario every task-based provider must pass: a call is
 * stopped right after the provider accepted its task (as a process that
 * crashes would be; the abort comes from `onSubmitted`, and
 * `cancelTaskOnAbort` says no, so the task keeps running upstream), then a
 * fresh model resumes it from the one task id it reported.
 *
 * Checks the first call ends `cancelled` and reported exactly one task id;
 * resolves to that id and the resumed call's result. The caller checks its
 * upstream saw one submission in all, and no cancel.
 */
export async function crashAndResume<TRequest, TResult>(
  options: CrashAndResumeOptions<TRequest, TResult>,
): Promise<{ taskId: string; result: TResult }> {
  const controller = new AbortController();
  const submitted: string[] = [];
  await expect(
    options.model().generate(options.request, {
      signal: controller.signal,
      task: {
        onSubmitted: (taskId) => {
          submitted.push(taskId);
          controller.abort();
        },
        cancelTaskOnAbort: () => false,
      },
    }),
  ).rejects.toMatchObject({ code: 'cancelled' });
  expect(submitted).toHaveLength(1);
  const taskId = submitted[0] as string;
  options.beforeResume?.(taskId);
  const result = await options
    .model()
    .generate(options.resumeRequest ?? options.request, {
      task: { resumeTaskId: taskId },
    });
  return { taskId, result };
}

/**
 * Starts a call, aborts it once `polling()` says its task is being polled,
 * and checks it fails with `cancelled`. Resolves once it has.
 */
export async function abortWhilePolling(
  start: (signal: AbortSignal) => Promise<unknown>,
  polling: () => boolean,
): Promise<void> {
  const controller = new AbortController();
  const call = start(controller.signal);
  // Keep an early rejection from going unhandled while we wait.
  call.catch(() => undefined);
  await vi.waitFor(() => expect(polling()).toBe(true));
  controller.abort();
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(SwitchyardError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ code: 'cancelled' });
}
