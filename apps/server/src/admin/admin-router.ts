import {
  apiKeyRecordSchema,
  type ApiKeyLimits,
  type ApiKeyRecord,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuthorizedContext } from '../context';
import { router } from '../trpc';
import { adminProcedure } from './admin-procedure';
import {
  createdKeySchema,
  createKeyInputSchema,
  keyListSchema,
  revokeKeyInputSchema,
  setLimitsInputSchema,
  topUpInputSchema,
  topUpResultSchema,
} from './admin-schemas';

function noSuchKey(id: string): TRPCError {
  return new TRPCError({
    code: 'NOT_FOUND',
    message: `No API key ${id} (see admin.keys.list).`,
  });
}

/** A key by id, revoked or not, or NOT_FOUND. */
async function existingKey(
  ctx: AuthorizedContext,
  id: string,
): Promise<ApiKeyRecord> {
  const record = await ctx.store.apiKeys.get(id);
  if (record === undefined) throw noSuchKey(id);
  return record;
}

/** Limits as stored: none for null or `{}`. */
function limitsOrNone(
  limits: ApiKeyLimits | null | undefined,
): ApiKeyLimits | undefined {
  return limits === null ||
    limits === undefined ||
    Object.keys(limits).length === 0
    ? undefined
    : limits;
}

/** Who did an admin change, for its log line: the admin key's id, never the key. */
function by(ctx: AuthorizedContext) {
  return { adminKeyId: ctx.apiKey?.id, requestId: ctx.requestId };
}

/**
 * `admin.keys.*`: create, list (with limits and credits), revoke, top up and
 * limit API keys. Only an admin key may call them (`switchyard keys create
 * --admin` makes one); every change is logged with the key's id.
 */
export const adminRouter = router({
  keys: router({
    create: adminProcedure
      .meta({
        summary:
          'Create an API key with credits, limits and a role (user or admin); the key is in this answer only.',
        openapi: { method: 'POST', path: '/admin/keys/create' },
      })
      .input(createKeyInputSchema)
      .output(createdKeySchema)
      .mutation(async ({ ctx, input }) => {
        const created = await ctx.store.apiKeys.create({
          ...input,
          limits: limitsOrNone(input.limits),
        });
        ctx.logger.info(
          {
            ...by(ctx),
            keyId: created.record.id,
            role: created.record.role,
            credits: input.credits ?? 0,
          },
          'api key created',
        );
        return created;
      }),
    list: adminProcedure
      .meta({
        summary:
          'Every API key (revoked ones too), oldest first, with its role, limits and credits; never the keys themselves.',
        openapi: { method: 'GET', path: '/admin/keys/list' },
      })
      .output(keyListSchema)
      .query(async ({ ctx }) => {
        const records = await ctx.store.apiKeys.list();
        const keys = await Promise.all(
          records.map(async (record) => {
            const { balance, reserved, available } =
              await ctx.store.ledger.balance(record.id);
            return { ...record, balance: { balance, reserved, available } };
          }),
        );
        return { keys };
      }),
    revoke: adminProcedure
      .meta({
        summary:
          'Revoke an API key at once (its minted tokens too); revoked is false when there is no such live key.',
        openapi: { method: 'POST', path: '/admin/keys/revoke' },
      })
      .input(revokeKeyInputSchema)
      .output(z.object({ revoked: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        const revoked = await ctx.store.apiKeys.revoke(input.id);
        ctx.tokens.forgetKey(input.id);
        if (revoked) {
          ctx.logger.info({ ...by(ctx), keyId: input.id }, 'api key revoked');
        }
        return { revoked };
      }),
    topUp: adminProcedure
      .meta({
        summary:
          "Add micro-credits to a live key's balance; its credits after the top-up.",
        openapi: { method: 'POST', path: '/admin/keys/topUp' },
      })
      .input(topUpInputSchema)
      .output(topUpResultSchema)
      .mutation(async ({ ctx, input }) => {
        const record = await existingKey(ctx, input.id);
        if (record.revokedAt !== undefined) {
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `The API key ${input.id} is revoked; its credits can no longer be used.`,
          });
        }
        const balance = await ctx.store.ledger.grant({
          keyId: input.id,
          amount: input.amount,
        });
        ctx.logger.info(
          { ...by(ctx), keyId: input.id, amount: input.amount },
          'api key topped up',
        );
        return balance;
      }),
    setLimits: adminProcedure
      .meta({
        summary:
          "Replace a key's limits (calls per minute, hour, day; routes; providers), or remove them with null; its next call obeys them.",
        openapi: { method: 'POST', path: '/admin/keys/setLimits' },
      })
      .input(setLimitsInputSchema)
      .output(apiKeyRecordSchema)
      .mutation(async ({ ctx, input }) => {
        const limits = limitsOrNone(input.limits);
        const record = await ctx.store.apiKeys.setLimits(input.id, limits);
        ctx.tokens.forgetKey(input.id);
        if (record === undefined) throw noSuchKey(input.id);
        ctx.logger.info(
          { ...by(ctx), keyId: input.id, limits: limits ?? null },
          'api key limits set',
        );
        return record;
      }),
  }),
});
