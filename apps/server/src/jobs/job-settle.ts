import { SwitchyardError, type GenerateResult } from '@switchyard/core';
import type { JobRun } from './job-call';
import type { JobRunnerContext } from './job-runner-context';

/** Records the job's result, then sends its webhook. */
export async function settleSucceeded(
  context: JobRunnerContext,
  run: JobRun,
  result: GenerateResult,
): Promise<void> {
  const { job, writer } = run;
  await writer.write({ status: 'succeeded', result, progress: 1 });
  await sendWebhookNotice(context, job.id);
  context.logger.info(
    { job: job.id, provider: result.provider },
    'job succeeded',
  );
}

/**
 * Records how a job ended without a result (cancelled by the user, or
 * failed with the error's code and redacted message), then sends its
 * webhook. A run stopped by shutdown records nothing: its lease runs out
 * and the job is resumed elsewhere.
 */
export async function settleUnsucceeded(
  context: JobRunnerContext,
  run: JobRun,
  error: unknown,
): Promise<void> {
  const { job, state, writer } = run;
  if (context.isClosed() && !state.userCancelled) return;
  const failure = SwitchyardError.isInstance(error)
    ? error
    : new SwitchyardError({
        code: 'unknown',
        message: error instanceof Error ? error.message : String(error),
      });
  await writer.write({
    status: state.userCancelled ? 'cancelled' : 'failed',
    errorCode: state.userCancelled ? 'cancelled' : failure.code,
    errorMessage: state.userCancelled
      ? 'The job was cancelled.'
      : context.gateway.redact(failure.message),
  });
  context.logger.warn(
    { job: job.id, code: failure.code },
    'job ended without a result',
  );
  await sendWebhookNotice(context, job.id);
}

/** Starts delivering the ended job's webhook, if it has one; does not wait for delivery. */
async function sendWebhookNotice(
  context: JobRunnerContext,
  jobId: string,
): Promise<void> {
  const { store, webhooks, logger } = context;
  const ended = await store.jobs.get(jobId);
  if (ended?.webhookUrl === undefined || webhooks === undefined) return;
  void webhooks.deliver(ended).catch((error: unknown) => {
    logger.error({ err: error, job: jobId }, 'delivering a webhook failed');
  });
}
