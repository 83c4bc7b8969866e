import { generateInputSchema, generateResultSchema } from '@switchyard/core';
import { z } from 'zod';
import {
  providerListingSchema,
  targetHealthReportSchema,
} from './gateway/provider-reports';
import { publicProcedure, router } from './trpc';
import { generationsRouter, usageRouter } from './usage-router';

/**
 * The gateway's tRPC router, served at `/trpc`: `generate`, `usage.balance`,
 * `usage.history`, `generations.get`, `providers.list` and `providers.health`.
 */
export const appRouter = router({
  generate: publicProcedure
    .meta({ summary: 'Generate an image or text through a route.' })
    .input(generateInputSchema)
    .output(generateResultSchema)
    .mutation(({ ctx, input, signal }) =>
      ctx.gateway.generate({
        input,
        signal,
        requestId: ctx.requestId,
        payer:
          ctx.apiKey === undefined
            ? undefined
            : { keyId: ctx.apiKey.id, ledger: ctx.store.ledger },
        generations: ctx.store.generations,
      }),
    ),
  usage: usageRouter,
  generations: generationsRouter,
  providers: router({
    list: publicProcedure
      .meta({ summary: 'Every configured provider instance and its models.' })
      .output(z.array(providerListingSchema))
      .query(({ ctx }) => ctx.gateway.listProviders()),
    health: publicProcedure
      .meta({ summary: 'Breaker state and recent health of every target.' })
      .output(z.array(targetHealthReportSchema))
      .query(({ ctx }) => ctx.gateway.health()),
  }),
});

/** The router's type, for `createTRPCClient<AppRouter>` (import it with `import type`). */
export type AppRouter = typeof appRouter;
