import { SwitchyardError } from '@switchyard/core';
import { initTRPC } from '@trpc/server';
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

/** The base procedure: no auth yet; Switchyard errors become typed tRPC errors. */
export const publicProcedure = t.procedure.use(switchyardErrors);
