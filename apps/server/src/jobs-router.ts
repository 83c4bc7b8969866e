import {
  errorCodeSchema,
  generateInputSchema,
  generateResultSchema,
  type JobRecord,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuthorizedContext } from './context';
import { admitCaller, payerOf } from './router-helpers';
import { decodeCursor, pageInputSchema, pageOf, toPage } from './pagination';
import { publicProcedure, router } from './trpc';

/** A job as `jobs.*` shows it. */
export const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  /** `instance:model` of the provider task in flight or that served. */
  target: z.string().optional(),
  /** 0..1, when the provider reports it. */
  progress: z.number().min(0).max(1).optional(),
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

const EVENT_POLL_MS = 200;
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

function toJob(record: JobRecord): Job {
  const code = errorCodeSchema.safeParse(record.errorCode);
  return {
    id: record.id,
    status: record.status,
    target: record.target,
    progress: record.progress,
    result: record.result as Job['result'],
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

/** The caller's job, or NOT_FOUND (another key's job is not found either). */
async function ownJob(ctx: AuthorizedContext, id: string): Promise<JobRecord> {
  const job = await ctx.store.jobs.get(id);
  if (job === undefined || job.keyId !== (ctx.apiKey?.id ?? '')) {
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: `No job ${id} for this key.`,
    });
  }
  return job;
}

const idInput = z.object({ id: z.string().min(1).max(100) });

/** `jobs.submit`, `jobs.get`, `jobs.list`, `jobs.cancel` and `jobs.events`. */
export const jobsRouter = router({
  submit: publicProcedure
    .meta({
      summary:
        'Start a generate call as a durable job; returns its id at once.',
    })
    .input(generateInputSchema)
    .output(jobSchema)
    .mutation(async ({ ctx, input }) => {
      await admitCaller(ctx, input);
      const job = await ctx.jobs.submit({
        input,
        keyId: ctx.apiKey?.id ?? '',
        payer: payerOf(ctx),
      });
      return toJob(job);
    }),
  get: publicProcedure
    .meta({
      summary: 'One of the caller’s jobs, with its result once it has one.',
    })
    .input(idInput)
    .output(jobSchema)
    .query(async ({ ctx, input }) => toJob(await ownJob(ctx, input.id))),
  list: publicProcedure
    .meta({ summary: 'The caller’s jobs, newest first, a page at a time.' })
    .input(pageInputSchema)
    .output(pageOf(jobSchema))
    .query(async ({ ctx, input }) => {
      const records = await ctx.store.jobs.list({
        keyId: ctx.apiKey?.id ?? '',
        limit: input.limit + 1,
        before: decodeCursor(input.cursor),
      });
      const page = toPage(records, input.limit);
      return { items: page.items.map(toJob), nextCursor: page.nextCursor };
    }),
  cancel: publicProcedure
    .meta({ summary: 'Stop a job, at the provider too where its API allows.' })
    .input(idInput)
    .output(jobSchema)
    .mutation(async ({ ctx, input }) => {
      await ownJob(ctx, input.id);
      const job = await ctx.jobs.cancel(input.id);
      if (job === undefined) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No job ${input.id}.`,
        });
      }
      return toJob(job);
    }),
  events: publicProcedure
    .meta({
      summary:
        'A job’s progress as it happens: queued, running, progress, then succeeded, failed or cancelled.',
    })
    .input(idInput)
    .subscription(async function* ({ ctx, input, signal }) {
      let last = '';
      for (;;) {
        const job = toJob(await ownJob(ctx, input.id));
        const seen = `${job.status}|${job.target ?? ''}|${job.progress ?? ''}`;
        if (seen !== last) {
          const type =
            job.status === 'running' && last.startsWith('running')
              ? 'progress'
              : job.status;
          last = seen;
          yield { type, job } satisfies JobEvent;
        }
        if (FINAL.has(job.status)) return;
        if (signal?.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
      }
    }),
});
