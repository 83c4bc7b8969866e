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

/** A locked account out of credit (fal-ai/fal issues #1112, #1147): a 403 that is no bad key. */
const EXHAUSTED_BALANCE = /exhausted balance|reason: top_up/i;

/**
 * fal's errors map by status, with these special cases:
 * - a validation list is turned into a message naming each field
 *   (`body.model_name: field required`);
 * - "Unsupported data URL" (an endpoint that takes no inline image) is
 *   `unsupported`: the request is fine, another target can serve it;
 * - a 403 "User is locked. Reason: Exhausted balance" is `quota_exceeded`,
 *   not `auth`: the key is good, the account needs a top-up.
 */
export const mapFalError: MapError = ({ body }) => {
  const parsed = falErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { detail } = parsed.data;
  if (typeof detail === 'string') {
    if (/unsupported data url/i.test(detail)) return { code: 'unsupported' };
    if (EXHAUSTED_BALANCE.test(detail)) return { code: 'quota_exceeded' };
    return undefined;
  }
  return {
    message: detail
      .map((item) => `${(item.loc ?? []).join('.')}: ${item.msg ?? 'invalid'}`)
      .join('; '),
  };
};
