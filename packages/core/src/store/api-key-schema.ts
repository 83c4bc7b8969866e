import { z } from 'zod';
import { LIMITS } from '../schemas/common';

/**
 * What an API key may manage: `admin` keys also create, list, revoke, top up
 * and limit other keys (the `admin.*` procedures); `user` keys, the default,
 * only make calls. A minted token is never an admin, whatever its key.
 */
export const API_KEY_ROLES = ['admin', 'user'] as const;

/** A key's role: `admin` or `user` (see {@link API_KEY_ROLES}). */
export const apiKeyRoleSchema = z.enum(API_KEY_ROLES);

/** A key's role: `admin` or `user`. */
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;

/** The most calls a per-minute, -hour or -day limit may allow. */
export const MAX_KEY_CALLS_PER_WINDOW = 1_000_000_000;

const callsPerWindow = z.number().int().min(1).max(MAX_KEY_CALLS_PER_WINDOW);

/** What a key may do, beyond its credits. Unset means no limit. */
export const apiKeyLimitsSchema = z.strictObject({
  /** Calls per minute, hour and day. */
  perMinute: callsPerWindow.optional(),
  perHour: callsPerWindow.optional(),
  perDay: callsPerWindow.optional(),
  /** Routes the key may call; others are FORBIDDEN. */
  routes: z.array(z.string().min(1).max(LIMITS.routeName)).max(100).optional(),
  /** Provider instances the key may reach; other targets are skipped. */
  providers: z
    .array(z.string().min(1).max(LIMITS.instanceName))
    .max(100)
    .optional(),
});

/** What a key may do, beyond its credits. Unset means no limit. */
export type ApiKeyLimits = z.infer<typeof apiKeyLimitsSchema>;

/** An API key as stored: never the key itself, only its hash and a display prefix. */
export const apiKeyRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `admin` or `user`; keys made before roles existed are `user`. */
  role: apiKeyRoleSchema,
  limits: apiKeyLimitsSchema.optional(),
  /** The first characters of the key, to recognise it in listings (`sy_ab12cd3`). */
  prefix: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().optional(),
});

/** An API key as stored: never the key itself, only its hash and a display prefix. */
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;
