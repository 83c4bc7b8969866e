import { generateInputSchema, type JobRecord } from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuthorizedContext } from './context';
import { admitCaller, payerOf } from './router-helpers';
import { decodeCursor, pageInputSchema, pageOf, toPage } from './pagination';
import { publicProcedure, router } from './trpc';
import { jobSchema, toJob, type JobEvent } from './jobs/job-view';
import { subjectScope } from './usage-router';

/** A subscriber reads its job on every change notice, and at least this often. */
const EVENT_POLL_MS = 2_000;
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** The caller's job, or NOT_FOUND (another key's, or another end user's, is not found either). */
async function ownJob(ctx: AuthorizedContext, id: string): Promise<JobRecord> {
  const job = await ctx.store.jobs.get(id);
  const subject = subjectScope(ctx);
  if (
    job === undefined ||
    job.keyId !== (ctx.apiKey?.id ?? '') ||
    (subject !== undefined && job.subject !== subject)
  ) {
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: `No job ${id} for this key.`,
    });
  }
  return job;
}

/** `jobs.submit`: a `generate` input, and where to POST the final event. */
const jobSubmitInputSchema = generateInputSchema.and(
  z.object({
    /** Receives the job's final event, signed (see the README's webhooks section). */
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2_048)
      .optional(),
  }),
);

/** The input of `jobs.get`, `jobs.cancel` and `jobs.events`. */
export const jobIdInputSchema = z.object({ id: z.string().min(1).max(100) });

/** `jobs.submit`, `jobs.get`, `jobs.list`, `jobs.cancel` and `jobs.events`. */
export const jobsRouter = router({
  submit: publicProcedure
    .meta({
      summary:
        'Start a generate call as a durable job; returns its id at once.',
      openapi: { method: 'POST', path: '/jobs/submit' },
    })
    .input(jobSubmitInputSchema)
    .output(jobSchema)
    .mutation(async ({ ctx, input }) => {
      const { webhookUrl, ...generateInput } = input;
      await admitCaller(ctx, generateInput);
      const job = await ctx.jobs.submit({
        input: generateInput,
        keyId: ctx.apiKey?.id ?? '',
        payer: payerOf(ctx),
        webhookUrl,
      });
      return toJob(job);
    }),
  get: publicProcedure
    .meta({
      summary: 'One of the caller’s jobs, with its result once it has one.',
      openapi: { method: 'GET', path: '/jobs/get' },
    })
    .input(jobIdInputSchema)
    .output(jobSchema)
    .query(async ({ ctx, input }) => toJob(await ownJob(ctx, input.id))),
  list: publicProcedure
    .meta({
      summary: 'The caller’s jobs, newest first, a page at a time.',
      openapi: { method: 'GET', path: '/jobs/list' },
    })
    .input(
      pageInputSchema
        .extend({
          /** Only this end user's jobs; a token always sees only its own subject's. */
          subject: z.string().min(1).max(256).optional(),
        })
        // Every field is optional, so the input is too: `jobs.list.query()`.
        .prefault({}),
    )
    .output(pageOf(jobSchema))
    .query(async ({ ctx, input }) => {
      const records = await ctx.store.jobs.list({
        keyId: ctx.apiKey?.id ?? '',
        subject: subjectScope(ctx, input.subject),
        limit: input.limit + 1,
        before: decodeCursor(input.cursor),
      });
      const page = toPage(records, input.limit);
      return { items: page.items.map(toJob), nextCursor: page.nextCursor };
    }),
  cancel: publicProcedure
    .meta({
      summary: 'Stop a job, at the provider too where its API allows.',
      openapi: { method: 'POST', path: '/jobs/cancel' },
    })
    .input(jobIdInputSchema)
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
    .input(jobIdInputSchema)
    .subscription(async function* ({ ctx, input, signal }) {
      let last = '';
      for (;;) {
        // Listening before reading: a change between the two is not missed.
        const changed = ctx.jobs.nextChange(input.id, {
          timeoutMs: EVENT_POLL_MS,
          signal,
        });
        const job = toJob(await ownJob(ctx, input.id));
        // A new attempt (or target) is a `running` event; only a change of
        // progress within one attempt is a `progress` event.
        const running = `${job.status}|${job.target ?? ''}|${job.attempt ?? ''}`;
        const seen = `${running}|${job.progress ?? ''}|${job.queuePosition ?? ''}|${job.logs?.at(-1) ?? ''}`;
        if (seen !== last) {
          const type =
            job.status === 'running' && last.startsWith(`${running}|`)
              ? 'progress'
              : job.status;
          last = seen;
          yield { type, job } satisfies JobEvent;
        }
        if (FINAL.has(job.status)) return;
        if (signal?.aborted) return;
        await changed;
      }
    }),
});
