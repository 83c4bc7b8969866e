import { TRPCError } from '@trpc/server';
import type { AuthorizedContext } from '../context';
import { publicProcedure } from '../trpc';

/** How to get an admin key, for every refusal. */
const HOW_TO_GET_ONE =
  'Create one with "switchyard keys create --name NAME --admin" and send it as "Authorization: Bearer <key>".';

/** What the caller sent instead of an admin key, in words. */
function callerOf(ctx: AuthorizedContext): string {
  if (ctx.token !== undefined) {
    return 'a minted token (never an admin, whatever key minted it)';
  }
  return ctx.apiKey === undefined ? 'no key' : 'a user key';
}

/**
 * A procedure only an admin API key may call (the `admin.*` procedures): a
 * user key, a minted token, or no key at all (where `auth.required` is
 * false) is FORBIDDEN with how to make an admin key.
 */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  const { apiKey } = ctx;
  if (apiKey?.role !== 'admin' || ctx.token !== undefined) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This needs an admin API key; the call sent ${callerOf(ctx)}. ${HOW_TO_GET_ONE}`,
    });
  }
  return next({ ctx: { ...ctx, apiKey } });
});
