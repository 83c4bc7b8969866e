import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** Hugging Face's loading body: `{ error, estimated_time }` (seconds). */
const loadingSchema = z.object({
  error: z.string(),
  estimated_time: z.number().nonnegative(),
});

/**
 * Hugging Face's special case: a 503 while a model is still loading says how
 * long it expects to take; that is `model_loading` with that wait, not a
 * generic overload.
 */
export const mapHuggingFaceError: MapError = ({ status, body }) => {
  if (status !== 503) return undefined;
  const parsed = loadingSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return {
    code: 'model_loading',
    retryAfterMs: Math.round(parsed.data.estimated_time * 1000),
  };
};
