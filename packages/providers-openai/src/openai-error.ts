import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** The error body OpenAI (and most OpenAI-compatible servers) send. */
export const openAIErrorSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

/** Codes of a spent balance: 429s that waiting will not fix. */
const QUOTA_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted']);
/** Refusals by the safety system: DALL·E's, and GPT image models' (generations and edits). */
const CONTENT_POLICY_CODES = new Set([
  'content_policy_violation',
  'moderation_blocked',
]);

/**
 * OpenAI's special cases on top of core's status mapping: `insufficient_quota`
 * (or `credit_balance_exhausted`) is a 429 that waiting will not fix, and a
 * content-policy refusal is a 400 that another provider might accept.
 */
export const mapOpenAIError: MapError = ({ body }) => {
  const parsed = openAIErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, type } = parsed.data.error;
  const codeText = typeof code === 'string' ? code : undefined;
  if (QUOTA_CODES.has(codeText ?? '') || type === 'insufficient_quota') {
    return { code: 'quota_exceeded', isRetryable: false };
  }
  if (
    CONTENT_POLICY_CODES.has(codeText ?? '') ||
    type === 'image_generation_user_error'
  ) {
    return { code: 'content_policy' };
  }
  if (code === 'model_not_found') return { code: 'not_found' };
  return undefined;
};
