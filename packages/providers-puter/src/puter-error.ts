import {
  errorCodeFromStatus,
  type MapError,
  type MappedError,
} from '@switchyard/core';
import { z } from 'zod';

/** Puter's failure envelope, sent with an error status or with HTTP 200. */
export const puterFailureSchema = z.object({
  success: z.literal(false),
  error: z
    .object({
      code: z.string().nullish(),
      message: z.string().nullish(),
      status: z.number().int().nullish(),
    })
    .nullish(),
});
export type PuterFailure = z.infer<typeof puterFailureSchema>;

/**
 * What a Puter failure means: `insufficient_funds` is a quota that waiting
 * will not fix; otherwise the envelope's own `status` (which can differ from
 * the HTTP status) decides.
 */
export function mapPuterFailure(failure: PuterFailure): MappedError {
  const { code, message, status } = failure.error ?? {};
  if (code === 'insufficient_funds') {
    return {
      code: 'quota_exceeded',
      isRetryable: false,
      message: message ?? code,
    };
  }
  return {
    ...(status == null ? {} : { code: errorCodeFromStatus(status) }),
    ...(message == null ? {} : { message }),
  };
}

/** Puter's special cases for error statuses. */
export const mapPuterError: MapError = ({ body }) => {
  const parsed = puterFailureSchema.safeParse(body);
  return parsed.success ? mapPuterFailure(parsed.data) : undefined;
};
