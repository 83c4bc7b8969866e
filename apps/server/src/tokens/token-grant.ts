import { LIMITS, MODEL_KINDS } from '@switchyard/core';
import { z } from 'zod';

/** The generate types a token may be limited to: every kind a route serves. */
export const tokenTypeSchema = z.enum(MODEL_KINDS);

const nameList = z.array(z.string().min(1).max(LIMITS.routeName)).max(100);

/** Calls a token may make per minute, hour and day (counted per key and subject). */
export const tokenRateLimitSchema = z.strictObject({
  perMinute: z.number().int().min(1).max(1_000_000).optional(),
  perHour: z.number().int().min(1).max(1_000_000).optional(),
  perDay: z.number().int().min(1).max(1_000_000).optional(),
});

/** The longest a token may live: a day. */
export const MAX_TOKEN_TTL_SECONDS = 86_400;

/** `tokens.mint`'s input: who the token is for and what it may do. */
export const mintTokenInputSchema = z.strictObject({
  /** The end user's id in the app (recorded on each call, so usage filters by it). */
  subject: z.string().min(1).max(256),
  /** How long the token lives, in seconds: 1 to 86,400; default 900 (15 minutes). */
  ttlSeconds: z.number().int().min(1).max(MAX_TOKEN_TTL_SECONDS).default(900),
  /** The most its calls may be charged in all, in micro-credits; default no cap beyond the key's. */
  maxCredits: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Routes it may call; default every route the key may. */
  routes: nameList.optional(),
  /** Generate types it may ask for; default every type. */
  types: z.array(tokenTypeSchema).max(10).optional(),
  /** Provider instances it may reach; default every one the key may. */
  providers: nameList.optional(),
  /** Its own rate limit, on top of the key's. */
  rateLimit: tokenRateLimitSchema.optional(),
  /** Good for one call only (a second is refused). */
  singleUse: z.boolean().optional(),
  /** A session id: `tokens.revoke({ subject, session })` ends that session's tokens only. */
  session: z.string().min(1).max(256).optional(),
});
export type MintTokenInput = z.input<typeof mintTokenInputSchema>;

/** `tokens.mint`'s result. */
export const mintedTokenSchema = z.object({
  /** Send it as `Authorization: Bearer <token>`, like an API key. */
  token: z.string(),
  /** The token's id, as `usage` and the store name it. */
  tokenId: z.string(),
  /** When it stops working (epoch ms). */
  expiresAt: z.number().int(),
});
export type MintedToken = z.infer<typeof mintedTokenSchema>;

/**
 * What a verified token grants: carried in its signed claims (`sy`), so a
 * call needs no store lookup to know it.
 */
export const tokenGrantSchema = z.object({
  /** The token's id (`jti`). */
  id: z.string(),
  /** The API key that minted it and pays for its calls. */
  keyId: z.string(),
  subject: z.string(),
  session: z.string().optional(),
  /** When it was minted, epoch ms (a revocation covers tokens minted until it). */
  mintedAt: z.number().int(),
  expiresAt: z.number().int(),
  maxCredits: z.number().int().optional(),
  routes: z.array(z.string()).optional(),
  types: z.array(tokenTypeSchema).optional(),
  providers: z.array(z.string()).optional(),
  rateLimit: tokenRateLimitSchema.optional(),
  singleUse: z.boolean().optional(),
});
export type TokenGrant = z.infer<typeof tokenGrantSchema>;

/** Why a token is refused, as `error.data.denial` says. */
export const tokenDenialSchema = z.enum([
  'token_invalid',
  'token_expired',
  'token_revoked',
  'token_used',
  'token_not_allowed',
]);
export type TokenDenial = z.infer<typeof tokenDenialSchema>;
