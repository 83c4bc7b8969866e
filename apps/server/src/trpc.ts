import { SwitchyardError } from '@switchyard/core';
import { initTRPC, TRPCError } from '@trpc/server';
import { authenticateCaller, CallerUnauthorized } from './authenticate';
import { stoppedCallError } from './call-stop';
import type { Context } from './context';
import { formatError, toTRPCError } from './trpc-errors';

/**
 * Where a query or mutation is also served as REST under `/api` (read by
 * trpc-to-openapi for the handler and `/openapi.json`): plain data, a subset
 * of its `OpenApiMeta['openapi']`, so the SDK's bundled router types stay
 * free of other packages.
 */
export interface RestRoute {
  /** `GET` takes the input as query parameters, `POST` as a JSON body. */
  method: 'GET' | 'POST';
  /** The path under `/api`; `{name}` is the input field `name`. */
  path: `/${string}`;
}

/**
 * Procedure metadata of the gateway's router. A type, not an interface:
 * trpc-to-openapi takes routers whose meta is a `Record<string, unknown>`.
 */
export type RouterMeta = {
  /** One line on what the procedure does, for generated docs. */
  summary?: string;
  /** Its REST route; every query and mutation has one (a test checks). */
  openapi?: RestRoute;
};

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

/**
 * Turns a thrown SwitchyardError into the tRPC error its code maps to (a
 * call the server stopped while shutting down answers the shutdown error).
 */
const switchyardErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = stoppedCallError(ctx, result.error.cause);
  if (SwitchyardError.isInstance(cause)) throw toTRPCError(cause);
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
  // Only what authorizing adds: tRPC merges it into the context it has.
  return next({
    ctx: { apiKey: authorized.apiKey, token: authorized.token },
  });
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
