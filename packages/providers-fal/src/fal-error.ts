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
        type: z.string().nullish(),
      }),
    ),
  ]),
});

/** A locked account out of credit (fal-ai/fal issues #1112, #1147): a 403 that is no bad key. */
const EXHAUSTED_BALANCE = /exhausted balance|reason: top_up/i;

/** fal's `X-Fal-Retryable` header: whether the same request may succeed later. */
function retryable(headers: Record<string, string>): boolean | undefined {
  const value = headers['x-fal-retryable']?.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * fal's errors map by status, with these special cases:
 * - a validation list is turned into a message naming each field
 *   (`body.model_name: field required`);
 * - an item of type `content_policy_violation` (a 422 from fal's content
 *   checker or the model's own, https://docs.fal.ai/errors) is
 *   `content_policy`;
 * - `X-Fal-Retryable: true|false` says whether to retry (fal's model errors);
 * - "Unsupported data URL" (an endpoint that takes no inline image) is
 *   `unsupported`: the request is fine, another target can serve it;
 * - a 403 "User is locked. Reason: Exhausted balance" is `quota_exceeded`,
 *   not `auth`: the key is good, the account needs a top-up.
 */
export const mapFalError: MapError = ({ body, headers }) => {
  const isRetryable = retryable(headers);
  const retry = isRetryable === undefined ? {} : { isRetryable };
  const parsed = falErrorSchema.safeParse(body);
  if (!parsed.success) return isRetryable === undefined ? undefined : retry;
  const { detail } = parsed.data;
  if (typeof detail === 'string') {
    if (/unsupported data url/i.test(detail)) return { code: 'unsupported' };
    if (EXHAUSTED_BALANCE.test(detail)) return { code: 'quota_exceeded' };
    return retry;
  }
  const refused = detail.some(
    (item) => item.type === 'content_policy_violation',
  );
  return {
    ...(refused ? { code: 'content_policy' as const } : {}),
    ...retry,
    message: detail
      .map((item) => `${(item.loc ?? []).join('.')}: ${item.msg ?? 'invalid'}`)
      .join('; '),
  };
};
