import {
  generateBatchInputSchema,
  generateBatchResultSchema,
  generateInputSchema,
  generateResultSchema,
  textStreamInputSchema,
  type ApiKeyRecord,
  type GenerateInput,
  type GenerateResult,
} from '@switchyard/core';
import type { AuthorizedContext } from './context';
import { runBatch } from './gateway/batch';
import { toBatchItemError } from './trpc-errors';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  providerListingSchema,
  targetHealthReportSchema,
} from './gateway/provider-reports';
import { publicProcedure, router } from './trpc';
import { generationsRouter, usageRouter } from './usage-router';

/**
 * The gateway's tRPC router, served at `/trpc`: `generate`, `generateStream`
 * (a subscription over SSE), `generateBatch`,
 * `usage.balance`,
 * `usage.history`, `generations.list`, `generations.get`, `providers.list` and
 * `providers.health`.
 */
export const appRouter = router({
  generate: publicProcedure
    .meta({ summary: 'Generate an image or text through a route.' })
    .input(generateInputSchema)
    .output(generateResultSchema)
    .mutation(({ ctx, input, signal }) => generateFor({ ctx, input, signal })),
  generateStream: publicProcedure
    .meta({
      summary:
        'Stream a text answer as events: attempt-start, fallback, text-delta, then end or error.',
    })
    .input(textStreamInputSchema)
    .subscription(async function* ({ ctx, input, signal }) {
      await admitCaller(ctx, input);
      yield* ctx.gateway.streamText({
        input,
        signal,
        requestId: ctx.requestId,
        payer: payerOf(ctx),
        generations: ctx.store.generations,
      });
    }),
  generateBatch: publicProcedure
    .meta({
      summary:
        'Up to 100 generate inputs of any type; per-item results or errors, in input order.',
    })
    .input(generateBatchInputSchema)
    .output(generateBatchResultSchema)
    .mutation(async ({ ctx, input, signal }) => {
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
          toBatchItemError(error, (text) => ctx.gateway.redact(text)),
      });
      const succeeded = items.filter((item) => item.ok).length;
      return { items, succeeded, failed: items.length - succeeded };
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

/**
 * One `generate` call for the caller: the key's route and provider limits,
 * its rate limit, then the gateway, charging the key and recording the call.
 */
async function generateFor(options: {
  ctx: AuthorizedContext;
  input: GenerateInput;
  signal?: AbortSignal;
}): Promise<GenerateResult> {
  const { ctx, input, signal } = options;
  await admitCaller(ctx, input);
  return ctx.gateway.generate({
    input,
    signal,
    requestId: ctx.requestId,
    payer: payerOf(ctx),
    generations: ctx.store.generations,
  });
}

/** Applies the caller's key to a call: its allowed routes and providers, then its rate limit. */
async function admitCaller(
  ctx: AuthorizedContext,
  input: GenerateInput,
): Promise<void> {
  const { apiKey } = ctx;
  if (apiKey === undefined) return;
  assertAllowed({ key: apiKey, route: ctx.gateway.routeNameFor(input), input });
  await ctx.rateLimiter.consume(apiKey);
}

/** Who pays for a call: the caller's key, if it sent one. */
function payerOf(ctx: AuthorizedContext) {
  const { apiKey } = ctx;
  return apiKey === undefined
    ? undefined
    : {
        keyId: apiKey.id,
        ledger: ctx.store.ledger,
        allowedProviders: apiKey.limits?.providers,
      };
}

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
