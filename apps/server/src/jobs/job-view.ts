import {
  errorCodeSchema,
  generateResultSchema,
  type JobRecord,
} from '@switchyard/core';
import { z } from 'zod';

/** A job as `jobs.*` shows it. */
export const jobSchema = z.object({
  id: z.string(),
  /** The end user of a job submitted with a minted token. */
  subject: z.string().optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  /** `instance:model` of the attempt in flight, or of the one that served. */
  target: z.string().optional(),
  /** That attempt's number: 1 for the first, counting every retry and fallback. */
  attempt: z.number().int().positive().optional(),
  /** 0..1, when the provider reports it. */
  progress: z.number().min(0).max(1).optional(),
  /** Its place in the provider's queue, while it waits there (when the provider says). */
  queuePosition: z.number().int().nonnegative().optional(),
  /** The provider's last log lines, when it gives them. */
  logs: z.array(z.string()).optional(),
  result: generateResultSchema.optional(),
  error: z.object({ code: errorCodeSchema, message: z.string() }).optional(),
  cancelRequested: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** One event of `jobs.events`: the job each time it changes, until it ends. */
export const jobEventSchema = z.object({
  type: z.enum([
    'queued',
    'running',
    'progress',
    'succeeded',
    'failed',
    'cancelled',
  ]),
  job: jobSchema,
});
export type JobEvent = z.infer<typeof jobEventSchema>;

/**
 * A stored job as the API shows it (never its key, input or lease). A stored
 * result that does not pass the published result schema (one stored before
 * results were checked) is left out, with an `invalid_response` error, so
 * one bad record never breaks `jobs.list`.
 */
export function toJob(record: JobRecord): Job {
  const result =
    record.result === undefined
      ? undefined
      : generateResultSchema.safeParse(record.result);
  if (result !== undefined && !result.success) {
    return {
      ...toJob({ ...record, result: undefined }),
      error: {
        code: 'invalid_response',
        message:
          'The stored result of this job is not a valid result; it is not shown.',
      },
    };
  }
  const code = errorCodeSchema.safeParse(record.errorCode);
  return {
    id: record.id,
    subject: record.subject,
    status: record.status,
    target: record.target,
    attempt: record.attempt,
    progress: record.progress,
    queuePosition: record.queuePosition,
    logs: record.logs,
    result: result?.data,
    error:
      record.errorCode === undefined
        ? undefined
        : {
            code: code.success ? code.data : 'unknown',
            message: record.errorMessage ?? '',
          },
    cancelRequested: record.cancelRequested,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    finishedAt: record.finishedAt,
  };
}
