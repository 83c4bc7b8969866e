import { SwitchyardError, type ApiKeyRecord } from '@switchyard/core';
import { initTRPC, TRPCError } from '@trpc/server';
import type { AuthorizedContext, Context } from './context';
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

function authorized(
  ctx: Context,
  apiKey: ApiKeyRecord | undefined,
): AuthorizedContext {
  return { ...ctx, apiKey };
}

/**
 * Checks the caller's API key: a key that is sent must exist and not be
 * revoked; with `auth.required` (the default for a config file), a key must
 * be sent. The key's record joins the context.
 */
const authorize = t.middleware(async ({ ctx, next }) => {
  if (ctx.bearerToken === undefined) {
    if (ctx.authRequired) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message:
          'This gateway needs an API key: send it as "Authorization: Bearer <key>" (the SDK\'s apiKey option). Keys come from "switchyard keys create".',
      });
    }
    return next({ ctx: authorized(ctx, undefined) });
  }
  const apiKey = await ctx.store.apiKeys.authenticate(ctx.bearerToken);
  if (apiKey === undefined) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message:
        'Unknown or revoked API key. Check the key, or create one with "switchyard keys create".',
    });
  }
  return next({ ctx: authorized(ctx, apiKey) });
});

/** The base procedure: the caller's key is checked; Switchyard errors become typed tRPC errors. */
export const publicProcedure = t.procedure.use(switchyardErrors).use(authorize);
