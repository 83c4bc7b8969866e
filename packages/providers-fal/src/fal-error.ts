import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** fal's error body: `{ detail }`, a string or FastAPI's validation list. */
const falErrorSchema = z.object({
  detail: z.union([
    z.string(),
    z.array(
      z.object({
        loc: z.array(z.union([z.string(), z.number()])).nullish(),
        msg: z.string().nullish(),
      }),
    ),
  ]),
});

/**
 * fal's errors map by status; a validation list is turned into a message
 * naming each field (`body.model_name: field required`).
 */
export const mapFalError: MapError = ({ body }) => {
  const parsed = falErrorSchema.safeParse(body);
  if (!parsed.success || typeof parsed.data.detail === 'string')
    return undefined;
  return {
    message: parsed.data.detail
      .map((item) => `${(item.loc ?? []).join('.')}: ${item.msg ?? 'invalid'}`)
      .join('; '),
  };
};
