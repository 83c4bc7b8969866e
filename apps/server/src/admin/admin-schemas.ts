import {
  apiKeyLimitsSchema,
  apiKeyRecordSchema,
  apiKeyRoleSchema,
} from '@switchyard/core';
import { z } from 'zod';

/** The most micro-credits one grant (a new key's credits, a top-up) may add: a billion credits. */
export const MAX_CREDIT_GRANT = 1_000_000_000_000_000;

/** A key's id, as `admin.keys.list` shows it. */
const keyIdSchema = z.string().min(1).max(100);

/** Credits to grant, in micro-credits. */
const grantSchema = z.number().int().min(0).max(MAX_CREDIT_GRANT);

/** `admin.keys.create`'s input: the new key's name, first credits, limits and role. */
export const createKeyInputSchema = z.strictObject({
  /** What the key is for, shown in listings (not secret). */
  name: z.string().trim().min(1).max(256),
  /** Micro-credits granted with the key; default 0. */
  credits: grantSchema.optional(),
  /** Calls per minute/hour/day, allowed routes and providers; default none. */
  limits: apiKeyLimitsSchema.optional(),
  /** `admin` keys may manage keys; default `user`. */
  role: apiKeyRoleSchema.optional(),
});

/** `admin.keys.create`'s result: the key, shown this once, and its record. */
export const createdKeySchema = z.object({
  /** The secret: send it as `Authorization: Bearer <key>`. It is not stored and cannot be shown again. */
  key: z.string(),
  record: apiKeyRecordSchema,
});

/** A key's credits, in micro-credits. */
export const keyBalanceSchema = z.object({
  /** Granted minus charged. */
  balance: z.number().int(),
  /** Held by calls in flight. */
  reserved: z.number().int(),
  /** What new calls may hold. */
  available: z.number().int(),
});

/** One key as `admin.keys.list` shows it: its record and its credits. */
export const listedKeySchema = apiKeyRecordSchema.extend({
  balance: keyBalanceSchema,
});

/** `admin.keys.list`'s result: every key, revoked ones too, oldest first. */
export const keyListSchema = z.object({ keys: z.array(listedKeySchema) });

/** `admin.keys.revoke`'s input. */
export const revokeKeyInputSchema = z.strictObject({ id: keyIdSchema });

/** `admin.keys.topUp`'s input: credits to add to a live key. */
export const topUpInputSchema = z.strictObject({
  id: keyIdSchema,
  /** Micro-credits to add: a whole number, at least 1. */
  amount: grantSchema.min(1),
});

/** `admin.keys.topUp`'s result: the key's credits after the top-up. */
export const topUpResultSchema = keyBalanceSchema.extend({
  keyId: z.string(),
});

/** `admin.keys.setLimits`'s input: the key's new limits, or null for none. */
export const setLimitsInputSchema = z.strictObject({
  id: keyIdSchema,
  /** Replaces every limit of the key; null (or `{}`) removes them all. */
  limits: apiKeyLimitsSchema.nullable(),
});

/** `auth.whoami`'s result: who the gateway takes the caller for. */
export const whoamiSchema = z.object({
  /** An API key, a minted token, or no credential (only where `auth.required` is false). */
  kind: z.enum(['key', 'token', 'anonymous']),
  /** The key's id (a token's minting key). */
  keyId: z.string().optional(),
  /** The key's name (for a key only). */
  name: z.string().optional(),
  /** `admin` only for an admin key itself: a token is never an admin. */
  role: apiKeyRoleSchema,
  /** A token's end user. */
  subject: z.string().optional(),
});
