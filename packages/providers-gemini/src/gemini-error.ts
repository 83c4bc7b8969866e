import { parseDuration, type MapError } from '@switchyard/core';
import { z } from 'zod';

/** Google's error body: `error.status` and typed `details`. */
const geminiErrorSchema = z.object({
  error: z.object({
    status: z.string().nullish(),
    details: z
      .array(
        z.looseObject({
          '@type': z.string().nullish(),
          reason: z.string().nullish(),
          retryDelay: z.string().nullish(),
        }),
      )
      .nullish(),
  }),
});

/**
 * Gemini's special cases: a bad key is a 400 whose ErrorInfo reason is
 * `API_KEY_INVALID` (auth, not invalid_request), and a 429's
 * `google.rpc.RetryInfo.retryDelay` ("34.4s") is the wait.
 */
export const mapGeminiError: MapError = ({ body }) => {
  const parsed = geminiErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const details = parsed.data.error.details ?? [];
  if (details.some((detail) => detail.reason === 'API_KEY_INVALID')) {
    return { code: 'auth' };
  }
  const retryDelay = details.find(
    (detail) => detail.retryDelay != null,
  )?.retryDelay;
  const retryAfterMs = parseDuration(retryDelay ?? undefined);
  return retryAfterMs === undefined ? undefined : { retryAfterMs };
};
