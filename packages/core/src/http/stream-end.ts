import { errorCodeFromStatus, type ErrorCode } from '../errors/codes';
import { SwitchyardError } from '../errors/switchyard-error';

/**
 * The error of a stream that closed without its completion marker (`data:
 * [DONE]`, Anthropic's `message_stop`, Gemini's `finishReason`): the answer
 * is incomplete, so it is `invalid_response`, never a finished answer.
 */
export function incompleteStreamError(options: {
  provider: string;
  /** The marker that never came, as the provider spells it. */
  marker: string;
}): SwitchyardError {
  const { provider, marker } = options;
  return new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} closed the stream without ${marker}: the answer is incomplete.`,
  });
}

/** What an upstream said in an error object sent in the middle of a stream. */
export interface MidStreamErrorOptions {
  provider: string;
  /** The code, when the provider's own table gives one. */
  code?: ErrorCode;
  /** An HTTP-like status the error object carries (Gemini's `error.code`). */
  status?: number | string | null;
  /** The error's type or status name (`server_error`, `UNAVAILABLE`, …). */
  type?: string | null;
  message?: string | null;
}

/**
 * The error of an error object an upstream sent mid-stream (OpenAI's
 * `{"error": …}` chunk, Anthropic's `event: error`, Google's error chunk).
 * Its code comes from `code`, else the status, else the type's words, else
 * `server_error`.
 */
export function midStreamError(
  options: MidStreamErrorOptions,
): SwitchyardError {
  const { provider } = options;
  const detail = options.message ?? options.type ?? 'an error without details';
  return new SwitchyardError({
    code: options.code ?? codeOf(options),
    provider,
    message: `${provider} failed mid-stream: ${detail}`,
  });
}

function codeOf(options: MidStreamErrorOptions): ErrorCode {
  const status = Number(options.status);
  if (Number.isInteger(status) && status >= 400 && status <= 599) {
    return errorCodeFromStatus(status);
  }
  const type = (options.type ?? '').toLowerCase();
  const match = TYPE_WORDS.find(([pattern]) => pattern.test(type));
  return match?.[1] ?? 'server_error';
}

/** Words of error types across providers, first match wins. */
const TYPE_WORDS: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/insufficient_quota|billing/, 'quota_exceeded'],
  [/rate.?limit|too.?many|resource_exhausted/, 'rate_limited'],
  [/overload|unavailable/, 'overloaded'],
  [/auth|permission|unauthenticated/, 'auth'],
  [/content.?(filter|policy)|safety/, 'content_policy'],
  [/timeout|deadline/, 'timeout'],
  [/invalid.?(request|argument)/, 'invalid_request'],
];
