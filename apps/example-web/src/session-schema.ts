import { z } from 'zod';

/** What the page sends to `POST /api/session`: the user name to sign in as. */
export const sessionRequestSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w.@-]+$/, 'a user name is letters, digits and _ . @ -'),
});
export type SessionRequest = z.infer<typeof sessionRequestSchema>;

/**
 * What `POST /api/session` answers: where the gateway is, and the credential
 * the page calls it with. `token` is a short-lived token minted for `subject`
 * (`credential: 'token'`), or absent for a gateway with auth off
 * (`credential: 'none'`, development only). The page never sees an API key.
 */
export const sessionSchema = z.object({
  gatewayUrl: z.url(),
  subject: z.string(),
  credential: z.enum(['token', 'none']),
  token: z.string().optional(),
  /** When the token stops working, in epoch ms; absent without a token. */
  expiresAt: z.number().optional(),
});
export type Session = z.infer<typeof sessionSchema>;

/** The body of a refused `POST /api/session`. */
export const sessionErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type SessionError = z.infer<typeof sessionErrorSchema>;
