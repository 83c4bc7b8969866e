import { SwitchyardError } from '@switchyard/core';
import { initTRPC, TRPCError } from '@trpc/server';
import { authenticateCaller, CallerUnauthorized } from './authenticate';
import type { Context } from './context';
import { formatError, toTRPCError } from './trpc-errors';

/** Procedure metadata of the gateway's router. */
export interface RouterMeta {
  /** One line on what the procedure does, for generated docs. */
  summary?: string;
}

const t = initTRPC
  .context<Context>()
  .meta<RouterMeta>()
  .create({
    isDev: false,
    errorFormatter: ({ shape, error, ctx }) =>
      formatError({
        shape,
        error,
        redact: ctx && ((text: string) => ctx.gateway.redact(text)),
      }),
  });

/** Turns a thrown SwitchyardError into the tRPC error its code maps to. */
const switchyardErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && SwitchyardError.isInstance(result.error.cause)) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

/** Creates a router. */
export const router = t.router;

/**
 * Checks the caller's credential ({@link authenticateCaller}); a refused one
 * is UNAUTHORIZED, with a refused token's denial as the cause. The key's
 * record (and the token's grant) join the context.
 */
const authorize = t.middleware(async ({ ctx, next }) => {
  const authorized = await authenticateCaller(ctx).catch((error: unknown) => {
    throw error instanceof CallerUnauthorized
      ? new TRPCError({
          code: 'UNAUTHORIZED',
          message: error.message,
          cause: error.cause,
        })
      : error;
  });
  return next({ ctx: authorized });
});

/** The base procedure: the caller's key is checked; Switchyard errors become typed tRPC errors. */
export const publicProcedure = t.procedure.use(switchyardErrors).use(authorize);

/** A procedure only an API key may call (not a minted token): minting and revoking tokens. */
export const keyProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.apiKey === undefined || ctx.token !== undefined) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message:
        "Only an API key may do this (from the app's backend), not a minted token or a call without a key.",
    });
  }
  return next({ ctx: { ...ctx, apiKey: ctx.apiKey } });
});
