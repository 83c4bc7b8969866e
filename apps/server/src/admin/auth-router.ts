import { publicProcedure, router } from '../trpc';
import { whoamiSchema } from './admin-schemas';

/**
 * `auth.whoami`: who the gateway takes the caller for, so a console knows
 * after sign-in whether to show the admin pages.
 */
export const authRouter = router({
  whoami: publicProcedure
    .meta({
      summary:
        "Who the caller is: an API key (its id, name and role), a minted token (its key's id and subject; never an admin) or anonymous.",
      openapi: { method: 'GET', path: '/auth/whoami' },
    })
    .output(whoamiSchema)
    .query(({ ctx }) => {
      const { apiKey, token } = ctx;
      if (token !== undefined) {
        return {
          kind: 'token' as const,
          keyId: token.keyId,
          role: 'user' as const,
          subject: token.subject,
        };
      }
      if (apiKey === undefined) {
        return { kind: 'anonymous' as const, role: 'user' as const };
      }
      return {
        kind: 'key' as const,
        keyId: apiKey.id,
        name: apiKey.name,
        role: apiKey.role,
      };
    }),
});
