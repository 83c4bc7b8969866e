import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { keyProcedure, router } from '../trpc';
import { mintedTokenSchema, mintTokenInputSchema } from './token-grant';

/** `tokens.mint` and `tokens.revoke`: browser-safe credentials, called with an API key. */
export const tokensRouter = router({
  mint: keyProcedure
    .meta({
      summary:
        "A short-lived token for one end user (subject), charged to the caller's key: an expiry, a credit cap, routes, types, providers, a rate limit. Send it as Authorization: Bearer.",
      openapi: { method: 'POST', path: '/tokens/mint' },
    })
    .input(mintTokenInputSchema)
    .output(mintedTokenSchema)
    .mutation(({ ctx, input }) => {
      for (const [field, allowed] of [
        ['routes', ctx.apiKey.limits?.routes],
        ['providers', ctx.apiKey.limits?.providers],
      ] as const) {
        const beyond = (input[field] ?? []).filter(
          (name) => allowed !== undefined && !allowed.includes(name),
        );
        if (beyond.length > 0) {
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: `A token cannot allow what its key may not: ${field} ${beyond.join(', ')}.`,
          });
        }
      }
      return ctx.tokens.mint({ apiKey: ctx.apiKey, input });
    }),
  revoke: keyProcedure
    .meta({
      summary:
        "Ends every token the caller's key minted for a subject (or one session of it) until now.",
      openapi: { method: 'POST', path: '/tokens/revoke' },
    })
    .input(
      z.strictObject({
        subject: z.string().min(1).max(256),
        session: z.string().min(1).max(256).optional(),
      }),
    )
    .output(z.object({ revokedAt: z.number().int() }))
    .mutation(({ ctx, input }) =>
      ctx.tokens.revoke({ keyId: ctx.apiKey.id, ...input }),
    ),
});
