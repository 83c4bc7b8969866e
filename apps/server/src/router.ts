import {
  generateBatchInputSchema,
  generateBatchResultSchema,
  generateInputSchema,
  generateResultSchema,
  routeExplanationSchema,
  textStreamInputSchema,
  type GenerateInput,
} from '@switchyard/core';
import { stoppedCallError, withCallSignal } from './call-stop';
import { runBatch } from './gateway/batch';
import { toBatchItemError } from './trpc-errors';
import { z } from 'zod';
import { providerListingSchema } from './gateway/provider-reports';
import {
  providersHealthInputSchema,
  providersHealthSchema,
} from './health/health-report';
import { publicProcedure, router } from './trpc';
import { jobsRouter } from './jobs-router';
import {
  assertCallerMayUse,
  generateFor,
  openStream,
  payerOf,
} from './router-helpers';
import { generationsRouter, usageRouter } from './usage-router';
import { refuseReconnect, trackedEvents } from './tracked-stream';
import { tokensRouter } from './tokens/tokens-router';
import { adminRouter } from './admin/admin-router';
import { authRouter } from './admin/auth-router';

/**
 * The gateway's tRPC router, served at `/trpc`: `generate`, `generateStream`
 * (a subscription over SSE), `generateBatch`,
 * `usage.balance`,
 * `usage.history`, `generations.list`, `generations.get`, `providers.list`,
 * `providers.health`, `routes.explain`, `auth.whoami` and, for admin keys,
 * `admin.keys.*`.
 */
export const appRouter = router({
  generate: publicProcedure
    .meta({
      summary: 'Generate an image or text through a route.',
      openapi: { method: 'POST', path: '/generate' },
    })
    .input(generateInputSchema)
    .output(generateResultSchema)
    .mutation(({ ctx, input, signal }) =>
      withCallSignal(ctx, signal, (joined) =>
        generateFor({ ctx, input, signal: joined }),
      ),
    ),
  generateStream: publicProcedure
    .meta({
      summary:
        'Stream a text answer as events: attempt-start, fallback, text-delta, then end or error. A reconnect is refused, never run again.',
    })
    .input(textStreamInputSchema)
    .subscription(async function* ({ ctx, input, signal }) {
      const { lastEventId, ...request } = input;
      if (lastEventId !== undefined) {
        yield refuseReconnect(lastEventId);
        return;
      }
      yield* trackedEvents(await openStream({ ctx, input: request, signal }));
    }),
  generateBatch: publicProcedure
    .meta({
      summary:
        'Up to 100 generate inputs of any type; per-item results or errors, in input order.',
      openapi: { method: 'POST', path: '/generateBatch' },
    })
    .input(generateBatchInputSchema)
    .output(generateBatchResultSchema)
    .mutation(({ ctx, input, signal: requestSignal }) =>
      withCallSignal(ctx, requestSignal, async (signal) => {
        const items = await runBatch({
          count: input.items.length,
          concurrency: input.concurrency,
          continueOnError: input.continueOnError,
          signal,
          run: (index) =>
            generateFor({
              ctx,
              input: input.items[index] as GenerateInput,
              signal,
            }),
          describeError: (error) =>
            toBatchItemError(stoppedCallError(ctx, error), (text) =>
              ctx.gateway.redact(text),
            ),
        });
        const succeeded = items.filter((item) => item.ok).length;
        return { items, succeeded, failed: items.length - succeeded };
      }),
    ),
  jobs: jobsRouter,
  tokens: tokensRouter,
  admin: adminRouter,
  auth: authRouter,
  routes: router({
    explain: publicProcedure
      .meta({
        summary:
          'Where a generate call with this input would go and why: the ranked targets, each included or skipped with the reason, its estimated cost and expected latency. No provider call, no hold, no rate-limit count.',
        // POST: a union input cannot be query parameters.
        openapi: { method: 'POST', path: '/routes/explain' },
      })
      .input(generateInputSchema)
      .output(routeExplanationSchema)
      .query(({ ctx, input }) => {
        assertCallerMayUse(ctx, input);
        return ctx.gateway.explain({ input, payer: payerOf(ctx) });
      }),
  }),
  usage: usageRouter,
  generations: generationsRouter,
  providers: router({
    list: publicProcedure
      .meta({
        summary: 'Every configured provider instance and its models.',
        openapi: { method: 'GET', path: '/providers/list' },
      })
      .output(z.array(providerListingSchema))
      .query(({ ctx }) => ctx.gateway.listProviders()),
    health: publicProcedure
      .meta({
        summary:
          'The system’s health (healthy, degraded, critical) and every target’s (healthy, degraded, down); `provider` keeps one instance’s targets, `detailed` adds uptime, errors by code, the last error and probe.',
        openapi: { method: 'GET', path: '/providers/health' },
      })
      .input(providersHealthInputSchema)
      .output(providersHealthSchema)
      .query(({ ctx, input }) => ctx.gateway.health(input)),
  }),
});

/** The router's type, for `createTRPCClient<AppRouter>` (import it with `import type`). */
export type AppRouter = typeof appRouter;
