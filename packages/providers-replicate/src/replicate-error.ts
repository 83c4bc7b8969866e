import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** Replicate's problem+json body with the fields it found invalid. */
const problemSchema = z.object({
  invalid_fields: z
    .array(
      z.object({
        field: z.string().nullish(),
        description: z.string().nullish(),
      }),
    )
    .min(1),
});

/**
 * Replicate's errors map by status; a 422 names each invalid field
 * (`input: text is required`) instead of the problem's generic detail.
 */
export const mapReplicateError: MapError = ({ body }) => {
  const parsed = problemSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return {
    message: parsed.data.invalid_fields
      .map(
        (item) => `${item.field || '(body)'}: ${item.description ?? 'invalid'}`,
      )
      .join('; '),
  };
};
