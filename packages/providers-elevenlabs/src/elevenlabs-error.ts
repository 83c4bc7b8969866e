import type { MapError, MappedError } from '@switchyard/core';
import { z } from 'zod';

/**
 * ElevenLabs's error detail. The legacy envelope is `{ detail: { status,
 * message } }`; the current one adds `type`, `code` (the same value as
 * `status`), `request_id` and `param`. Music refusals add `data` with a
 * suggested rewrite.
 */
const errorDetailSchema = z.object({
  status: z.string().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  data: z
    .object({ prompt_suggestion: z.string().nullish() })
    .nullish()
    .catch(undefined),
});

/** FastAPI's own 422 detail: one entry per invalid field. */
const validationIssuesSchema = z.array(
  z.object({
    loc: z.array(z.union([z.string(), z.number()])).nullish(),
    msg: z.string().nullish(),
  }),
);

const errorBodySchema = z.object({
  detail: z.union([errorDetailSchema, validationIssuesSchema]),
});

/**
 * What each of ElevenLabs's error codes means here, where the HTTP status
 * alone says something else:
 * - `quota_exceeded` comes as a 401, like a bad key: the account's credits
 *   are spent, so another target may serve and retrying here cannot help.
 * - `voice_not_found` (404, sometimes reported as 400): a voice id is a
 *   provider's own; one this account lacks means this target cannot serve
 *   the request, like a model it lacks, not that the request is malformed —
 *   `not_found` falls back to a target that knows the voice and does not
 *   count against this target's health.
 * - `system_busy` (429) is ElevenLabs overloaded, not the caller's pace.
 * - `too_many_concurrent_requests` / `concurrent_limit_exceeded` (429): the
 *   plan's concurrency is used up; retried once a call ends.
 * - `bad_prompt` / `bad_composition_plan` (music): the prompt names an
 *   artist or copyrighted lyrics.
 */
const CODES: Readonly<Record<string, MappedError>> = {
  invalid_api_key: { code: 'auth' },
  quota_exceeded: { code: 'quota_exceeded', isRetryable: false },
  voice_not_found: { code: 'not_found' },
  system_busy: { code: 'overloaded' },
  too_many_concurrent_requests: { code: 'rate_limited' },
  concurrent_limit_exceeded: { code: 'rate_limited' },
  rate_limit_exceeded: { code: 'rate_limited' },
  bad_prompt: { code: 'content_policy' },
  bad_composition_plan: { code: 'content_policy' },
};

/**
 * ElevenLabs's special cases on top of core's status mapping: the code from
 * `detail.code` (else `detail.status`), and the message from `detail`, which
 * core's default reading cannot see (it is an object). Retry-After, where
 * sent, is read by core.
 */
export const mapElevenLabsError: MapError = ({ body }) => {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { detail } = parsed.data;
  if (Array.isArray(detail)) {
    return { message: describeValidationIssues(detail) };
  }
  const errorCode = detail.code ?? detail.status ?? undefined;
  const mapped = errorCode === undefined ? undefined : CODES[errorCode];
  const suggestion = detail.data?.prompt_suggestion;
  const message = [
    detail.message ?? undefined,
    errorCode === undefined ? undefined : `(${errorCode})`,
    suggestion ? `Suggested prompt: "${suggestion}"` : undefined,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  return { ...mapped, ...(message === '' ? {} : { message }) };
};

function describeValidationIssues(
  issues: z.infer<typeof validationIssuesSchema>,
): string | undefined {
  const described = issues
    .map((issue) => {
      const path = issue.loc?.join('.');
      return path ? `${path}: ${issue.msg ?? 'invalid'}` : issue.msg;
    })
    .filter((text): text is string => typeof text === 'string' && text !== '');
  return described.length === 0 ? undefined : described.join('; ');
}
