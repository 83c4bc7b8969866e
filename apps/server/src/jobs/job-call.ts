import {
  formatTarget,
  generateInputSchema,
  JOB_LOG_LINES,
  parseTarget,
  type AbandonedTask,
  type JobChanges,
  type TaskStatus,
  type GenerateResult,
  type JobRecord,
  type RouteTarget,
  type TaskCallOptions,
} from '@switchyard/core';
import { runAdoptingLateTasks } from './adoption';
import type {
  JobPayer,
  JobRunnerContext,
  RunningJob,
} from './job-runner-context';
import type { JobWriter } from './job-writer';

/** One run of a claimed job: the job as claimed, its stop switch, its writer. */
export interface JobRun {
  job: JobRecord;
  state: RunningJob;
  writer: JobWriter;
}

/**
 * Marks the job running and makes its call through the gateway, recording
 * as it goes each attempt's target, the provider task it submitted, its
 * progress, and the tasks it abandoned (so a run after a restart resumes
 * the task, or watches the abandoned ones, instead of submitting again).
 */
export async function runJobCall(
  context: JobRunnerContext,
  run: JobRun,
  payerFor: (job: JobRecord) => Promise<JobPayer>,
): Promise<GenerateResult> {
  const { gateway, logger } = context;
  const { job, state, writer } = run;
  // The job's idempotency key made the submit idempotent; the calls the
  // job makes claim no generation key, so a resumed job never waits on
  // a record its dead predecessor left in flight.
  const { idempotencyKey: _submitKey, ...parsed } = generateInputSchema.parse(
    job.input,
  );
  await writer.write({ status: 'running' });
  // This process holds the job's lease: holds an earlier run left (a
  // process killed mid-call) are freed now, not when they expire.
  const freed = await context.store.ledger.releaseHeldBy(job.id);
  if (freed > 0) {
    logger.info(
      { job: job.id, holds: freed },
      'freed the holds of the job’s earlier run',
    );
  }
  const basePayer = await payerFor(job);
  const payer =
    basePayer === undefined ? undefined : { ...basePayer, holder: job.id };
  const abandonedTasks: AbandonedTask[] = [...(job.abandonedTasks ?? [])];
  let attempt = job.attempt ?? 0;
  return runAdoptingLateTasks({
    gateway,
    call: {
      input: parsed,
      signal: state.controller.signal,
      payer,
      generations: context.store.generations,
      trainedModels: context.store.trainedModels,
      artifacts: context.store.artifacts,
      // A new attempt has no task yet: until it submits one, a restart
      // routes the job again rather than resume the previous task.
      onAttemptStart: (target) => {
        attempt += 1;
        writer.writeInBackground(
          { attempt, target: formatTarget(target), providerTaskId: null },
          'recording a job’s attempt failed',
        );
      },
    },
    taskHooks: (target) => jobTaskHooks(context, writer, target),
    resume: storedTask(job),
    abandoned: (job.abandonedTasks ?? []).map((task) => ({
      target: parseTarget(task.target),
      taskId: task.taskId,
    })),
    onAbandoned: (target, taskId) => {
      abandonedTasks.push({ target: formatTarget(target), taskId });
      writer.writeInBackground(
        { abandonedTasks: [...abandonedTasks] },
        'recording an abandoned task failed; a restart will not watch it',
      );
    },
    mayAdopt: () => !context.isClosed() && !state.userCancelled,
    onAdopted: async (target, taskId) => {
      logger.info(
        { job: job.id, target: formatTarget(target) },
        'job adopted the late result of an abandoned task',
      );
      await writer.write({
        providerTaskId: taskId,
        target: formatTarget(target),
      });
    },
  });
}

/** The hooks of the job's task at `target`: its id and progress go to the job. */
function jobTaskHooks(
  context: JobRunnerContext,
  writer: JobWriter,
  target: RouteTarget,
): TaskCallOptions {
  const seen = { key: '' };
  return {
    onSubmitted: async (taskId) => {
      await writer.write({
        providerTaskId: taskId,
        target: formatTarget(target),
      });
    },
    onStatus: (status) => {
      const changes = progressChanges(status, seen);
      if (changes !== undefined) {
        writer.writeInBackground(changes, 'recording a job’s progress failed');
      }
    },
    // A timeout or a cancel stops the task at the provider; a shutdown
    // leaves it running for the process that resumes the job.
    cancelTaskOnAbort: () => !context.isClosed(),
  };
}

/**
 * What a task status changes in the job (progress, queue position, the
 * provider's last log lines), or undefined when it tells nothing new since
 * the `seen` one: a poll that repeats itself writes nothing.
 */
function progressChanges(
  status: TaskStatus,
  seen: { key: string },
): JobChanges | undefined {
  const changes: JobChanges = {};
  if (status.state === 'queued' && status.position !== undefined) {
    changes.queuePosition = status.position;
  }
  if (status.state === 'running') {
    if (status.progress !== undefined) changes.progress = status.progress;
    // Left the provider's queue: the position it had no longer holds.
    if (seen.key.includes('queuePosition')) changes.queuePosition = null;
  }
  if (
    (status.state === 'queued' || status.state === 'running') &&
    status.logs !== undefined &&
    status.logs.length > 0
  ) {
    changes.logs = status.logs.slice(-JOB_LOG_LINES);
  }
  const key = JSON.stringify(changes);
  if (key === '{}' || key === seen.key) return undefined;
  seen.key = key;
  return changes;
}

/** The provider task a previous run of the job left, to resume rather than route anew. */
function storedTask(
  job: JobRecord,
): { target: RouteTarget; taskId: string } | undefined {
  return job.providerTaskId !== undefined && job.target !== undefined
    ? { target: parseTarget(job.target), taskId: job.providerTaskId }
    : undefined;
}
