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

/**
 * OpenAI's special cases on top of core's status mapping: `insufficient_quota`
 * is a 429 that waiting will not fix, and a content-policy refusal is a 400
 * that another provider might accept.
 */
export const mapOpenAIError: MapError = ({ body }) => {
  const parsed = openAIErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, type } = parsed.data.error;
  if (code === 'insufficient_quota' || type === 'insufficient_quota') {
    return { code: 'quota_exceeded', isRetryable: false };
  }
  if (
    code === 'content_policy_violation' ||
    type === 'image_generation_user_error'
  ) {
    return { code: 'content_policy' };
  }
  if (code === 'model_not_found') return { code: 'not_found' };
  return undefined;
};
