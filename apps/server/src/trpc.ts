import { SwitchyardError, type ApiKeyRecord } from '@switchyard/core';
import { initTRPC, TRPCError } from '@trpc/server';
import type { AuthorizedContext, Context } from './context';
import { formatError, toTRPCError } from './trpc-errors';
import type { TokenGrant } from './tokens/token-grant';
import { isMintedToken, TokenDenied } from './tokens/token-service';

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
  token?: TokenGrant,
): AuthorizedContext {
  return { ...ctx, apiKey, token };
}

/**
 * Checks the caller's credential: an API key that is sent must exist and not
 * be revoked; a minted token must verify, not be expired or revoked, and its
 * minting key must be live; with `auth.required` (the default for a config
 * file), one must be sent. The key's record (and the token's grant) join the
 * context.
 */
const authorize = t.middleware(async ({ ctx, next }) => {
  const bearer = ctx.bearerToken;
  if (bearer === undefined) {
    if (ctx.authRequired) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message:
          'This gateway needs an API key: send it as "Authorization: Bearer <key>" (the SDK\'s apiKey option). Keys come from "switchyard keys create --name NAME".',
      });
    }
    return next({ ctx: authorized(ctx, undefined) });
  }
  if (isMintedToken(bearer)) {
    const { apiKey, grant } = await ctx.tokens
      .authenticate(bearer)
      .catch((error: unknown) => {
        throw error instanceof TokenDenied
          ? new TRPCError({
              code: 'UNAUTHORIZED',
              message: error.message,
              cause: error,
            })
          : error;
      });
    return next({ ctx: authorized(ctx, apiKey, grant) });
  }
  const apiKey = await ctx.store.apiKeys.authenticate(bearer);
  if (apiKey === undefined) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message:
        'Unknown or revoked API key. Check the key, or create one with "switchyard keys create --name NAME".',
    });
  }
  return next({ ctx: authorized(ctx, apiKey) });
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
