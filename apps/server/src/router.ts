import {
  generateInputSchema,
  generateResultSchema,
  type ApiKeyRecord,
  type GenerateInput,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  providerListingSchema,
  targetHealthReportSchema,
} from './gateway/provider-reports';
import { publicProcedure, router } from './trpc';
import { generationsRouter, usageRouter } from './usage-router';

/**
 * The gateway's tRPC router, served at `/trpc`: `generate`, `usage.balance`,
 * `usage.history`, `generations.list`, `generations.get`, `providers.list` and
 * `providers.health`.
 */
export const appRouter = router({
  generate: publicProcedure
    .meta({ summary: 'Generate an image or text through a route.' })
    .input(generateInputSchema)
    .output(generateResultSchema)
    .mutation(async ({ ctx, input, signal }) => {
      const { apiKey } = ctx;
      if (apiKey !== undefined) {
        assertAllowed({
          key: apiKey,
          route: ctx.gateway.routeNameFor(input),
          input,
        });
        await ctx.rateLimiter.consume(apiKey);
      }
      return ctx.gateway.generate({
        input,
        signal,
        requestId: ctx.requestId,
        payer:
          apiKey === undefined
            ? undefined
            : {
                keyId: apiKey.id,
                ledger: ctx.store.ledger,
                allowedProviders: apiKey.limits?.providers,
              },
        generations: ctx.store.generations,
      });
    }),
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

/** Refuses with FORBIDDEN a route, or a forced provider, the key may not use. */
function assertAllowed(options: {
  key: ApiKeyRecord;
  route: string;
  input: GenerateInput;
}): void {
  const { key, route, input } = options;
  const routes = key.limits?.routes;
  if (routes !== undefined && !routes.includes(route)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This key may not use the route "${route}"; it may use: ${routes.join(', ') || '(none)'}.`,
    });
  }
  const providers = key.limits?.providers;
  const forced = [input.provider, ...(input.providers ?? [])].filter(
    (name): name is string => name !== undefined,
  );
  const refused = forced.filter(
    (name) => providers !== undefined && !providers.includes(name),
  );
  if (refused.length > 0) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This key may not use the provider ${refused.join(', ')}; it may use: ${providers?.join(', ') ?? ''}.`,
    });
  }
}

/** The router's type, for `createTRPCClient<AppRouter>` (import it with `import type`). */
export type AppRouter = typeof appRouter;
