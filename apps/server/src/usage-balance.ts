import { z } from 'zod';
import type { AuthorizedContext } from './context';

/** `usage.balance`: the caller's credits, in micro-credits. */
export const balanceSchema = z.object({
  /** Granted minus charged (a token with a cap: its cap minus what it charged). */
  balance: z.number().int(),
  /** Held by calls in flight. */
  reserved: z.number().int(),
  /** What a new call may hold: never more than the key has available. */
  available: z.number().int(),
  /** A minted token's own budget, when the caller sent one. */
  token: z
    .object({
      subject: z.string(),
      maxCredits: z.number().int().optional(),
      spent: z.number().int(),
      reserved: z.number().int(),
      expiresAt: z.number().int(),
    })
    .optional(),
});

/** The key's credits, or, for a token, its budget within them. */
export async function balanceFor(
  ctx: AuthorizedContext,
  keyId: string,
): Promise<z.infer<typeof balanceSchema>> {
  const key = await ctx.store.ledger.balance(keyId);
  const tokenId = ctx.token?.id;
  const record =
    tokenId === undefined ? undefined : await ctx.store.tokens.get(tokenId);
  if (record === undefined) {
    return {
      balance: key.balance,
      reserved: key.reserved,
      available: key.available,
    };
  }
  const { subject, maxCredits, spent, reserved, expiresAt } = record;
  const left = maxCredits === undefined ? key.balance : maxCredits - spent;
  return {
    balance: left,
    reserved,
    available: Math.max(0, Math.min(left - reserved, key.available)),
    token: { subject, maxCredits, spent, reserved, expiresAt },
  };
}
