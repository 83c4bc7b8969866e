import type { ErrorCode, MapError } from '@switchyard/core';
import { z } from 'zod';

/** Anthropic's error body, over HTTP and as a stream's `error` event. */
export const anthropicErrorSchema = z.object({
  error: z.object({
    type: z.string().nullish(),
    message: z.string().nullish(),
  }),
});

const CODE_BY_TYPE: Readonly<Record<string, ErrorCode>> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
  request_too_large: 'invalid_request',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  overloaded_error: 'overloaded',
};

/**
 * The code for an Anthropic error `type`, which a mid-stream error has
 * instead of a status; undefined for a type not in the table.
 */
export function anthropicErrorCode(
  type: string | null | undefined,
): ErrorCode | undefined {
  return CODE_BY_TYPE[type ?? ''];
}

/**
 * Anthropic's HTTP errors map by status (529 is `overloaded` in core's
 * table); the body's `error.type` settles a status core would only guess at.
 */
export const mapAnthropicError: MapError = ({ body, status }) => {
  const parsed = anthropicErrorSchema.safeParse(body);
  if (!parsed.success || status < 400) return undefined;
  const code = CODE_BY_TYPE[parsed.data.error.type ?? ''];
  return code === undefined ? undefined : { code };
};
