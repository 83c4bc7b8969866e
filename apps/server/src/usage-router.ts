import {
  attemptSchema,
  errorCodeSchema,
  type GenerationRecord,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuthorizedContext } from './context';
import { decodeCursor, pageInputSchema, pageOf, toPage } from './pagination';
import { balanceFor, balanceSchema } from './usage-balance';
import { publicProcedure, router } from './trpc';

/** A recorded call as the API shows it (the result only through `generations.get`). */
export const generationSummarySchema = z.object({
  id: z.string(),
  /** The end user of a call made with a minted token. */
  subject: z.string().optional(),
  route: z.string(),
  status: z.enum(['in_flight', 'succeeded', 'failed']),
  provider: z.string().optional(),
  model: z.string().optional(),
  costMicroCredits: z.number().int(),
  /** What the call cost past its credit hold and was not charged (0 almost always). */
  unchargedMicroCredits: z.number().int().nonnegative(),
  errorCode: errorCodeSchema.optional(),
  idempotencyKey: z.string().optional(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().optional(),
});

/** A recorded call with how it went, as `generations.list` and `generations.get` show it. */
export const generationRecordSchema = generationSummarySchema.extend({
  /** SHA-256 of the canonical request (what an idempotency key is checked against). */
  requestHash: z.string(),
  /** Every attempt of an ended call; empty for one served from the cache. */
  attempts: z.array(attemptSchema).optional(),
});

/** A listing's input: a page, and optionally one end user's calls only. */
const subjectPageInputSchema = pageInputSchema
  .extend({
    /** Only this end user's calls (made with tokens minted for this subject). A token always sees only its own subject's. */
    subject: z.string().min(1).max(256).optional(),
  })
  // Every field is optional, so the input is too: `history.query()`.
  .prefault({});

/**
 * The subject a listing is limited to: a token's own (whatever it asks), or
 * what a key asks for.
 */
export function subjectScope(
  ctx: AuthorizedContext,
  asked?: string,
): string | undefined {
  return ctx.token?.subject ?? asked;
}

function requireKey(ctx: AuthorizedContext): string {
  if (ctx.apiKey === undefined) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message:
        'Usage and history belong to an API key: send one as "Authorization: Bearer <key>".',
    });
  }
  return ctx.apiKey.id;
}

/** `usage.balance` and `usage.history`: what a key spent and on what. */
export const usageRouter = router({
  balance: publicProcedure
    .meta({
      summary:
        "The caller's credits: balance, held and available, in micro-credits.",
      openapi: { method: 'GET', path: '/usage/balance' },
    })
    .output(balanceSchema)
    .query(({ ctx }) => balanceFor(ctx, requireKey(ctx))),
  history: publicProcedure
    .meta({
      summary:
        "The caller's calls with their costs, newest first, a page at a time.",
      openapi: { method: 'GET', path: '/usage/history' },
    })
    .input(subjectPageInputSchema)
    .output(pageOf(generationSummarySchema))
    .query(async ({ ctx, input }) => {
      const page = await listPage(ctx, input);
      return {
        items: page.items.map(
          ({
            result: _result,
            keyId: _keyId,
            requestHash: _hash,
            attempts: _attempts,
            ...summary
          }) => summary,
        ),
        nextCursor: page.nextCursor,
      };
    }),
});

/** One page of the caller's records, newest first. */
async function listPage(
  ctx: AuthorizedContext,
  input: z.infer<typeof subjectPageInputSchema>,
): Promise<{ items: GenerationRecord[]; nextCursor?: string }> {
  const records = await ctx.store.generations.list({
    keyId: requireKey(ctx),
    subject: subjectScope(ctx, input.subject),
    limit: input.limit + 1,
    before: decodeCursor(input.cursor),
  });
  return toPage(records, input.limit);
}

/** `generations.list` and `generations.get`: the caller's calls, how they went, and their results. */
export const generationsRouter = router({
  list: publicProcedure
    .meta({
      summary:
        "The caller's calls with their attempts, newest first, a page at a time (results through generations.get).",
      openapi: { method: 'GET', path: '/generations/list' },
    })
    .input(subjectPageInputSchema)
    .output(pageOf(generationRecordSchema))
    .query(async ({ ctx, input }) => {
      const page = await listPage(ctx, input);
      return {
        items: page.items.map(
          ({ result: _result, keyId: _keyId, ...record }) => record,
        ),
        nextCursor: page.nextCursor,
      };
    }),
  get: publicProcedure
    .meta({
      summary: "One of the caller's calls, with its stored result.",
      openapi: { method: 'GET', path: '/generations/get' },
    })
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(generationRecordSchema.extend({ result: z.unknown().optional() }))
    .query(async ({ ctx, input }) => {
      const keyId = requireKey(ctx);
      const record = await ctx.store.generations.get(input.id);
      const subject = subjectScope(ctx);
      if (
        record === undefined ||
        record.keyId !== keyId ||
        (subject !== undefined && record.subject !== subject)
      ) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No call ${input.id} for this key.`,
        });
      }
      const { keyId: _keyId, ...visible } = record;
      return visible;
    }),
});
