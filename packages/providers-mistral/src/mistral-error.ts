import type { MapError } from '@switchyard/core';
import { z } from 'zod';

/** Mistral's 422 puts validation details where other APIs put the message. */
const mistralValidationSchema = z.object({
  message: z.object({
    detail: z
      .array(
        z.object({
          loc: z.array(z.union([z.string(), z.number()])).nullish(),
          msg: z.string().nullish(),
        }),
      )
      .min(1),
  }),
});

/**
 * Mistral's special case: a validation error names each bad field in
 * `message.detail[]` (`body.messages: Field required`). Other bodies
 * (`{ message }`, `{ object: 'error', message, type, code }`) read fine with
 * core's defaults.
 */
export const mapMistralError: MapError = ({ body }) => {
  const parsed = mistralValidationSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return {
    code: 'invalid_request',
    message: parsed.data.message.detail
      .map((item) => `${(item.loc ?? []).join('.')}: ${item.msg ?? 'invalid'}`)
      .join('; '),
  };
};
