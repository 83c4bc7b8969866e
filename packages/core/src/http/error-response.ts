import { errorCodeFromStatus } from '../errors/codes';
import { parseRetryAfter } from '../errors/retry-after';
import { SwitchyardError } from '../errors/switchyard-error';
import { clipText } from '../safety/clip-text';
import type { SecretRedactor } from '../safety/redact-secrets';
import type { MapError } from './http-types';
import { tryParseJson } from './parse-json';
import { readBody, type UpstreamResponse } from './transport';

/** Error bodies are read up to this size; the rest is dropped. */
export const ERROR_BODY_LIMIT = 64 * 1024;
const MAX_DETAIL_LENGTH = 500;

/**
 * Builds the SwitchyardError for an error response (status outside 2xx). The
 * body is read as capped text and never trusted: JSON is tried, then the
 * provider's `mapError`, then the defaults (code from the status, the body's
 * usual message fields or a short text, Retry-After headers). The error holds
 * response headers and a truncated body, never request headers. The body and
 * headers are redacted with `redact` (the request's credentials) first, before
 * anything parses, maps or cuts them.
 * @internal
 */
export async function createResponseError(options: {
  response: UpstreamResponse;
  provider: string;
  mapError?: MapError;
  /** Removes the request's credentials; applied before any truncation. */
  redact?: SecretRedactor;
}): Promise<SwitchyardError> {
  const { response, provider } = options;
  const redact = options.redact ?? ((text: string) => text);
  const { status, statusText } = response;
  const headers = redactHeaders(response.headers, redact);
  const read = await readBody(response, ERROR_BODY_LIMIT);
  const text = redact(new TextDecoder().decode(read.bytes), {
    cut: read.truncated,
  });
  const body = tryParseJson(text);
  const mapped = options.mapError?.({
    status,
    statusText,
    body,
    text,
    headers,
  });
  const detail =
    mapped?.message ??
    describeErrorBody({ text, body, contentType: headers['content-type'] });
  return new SwitchyardError({
    code: mapped?.code ?? errorCodeFromStatus(status),
    provider,
    message: redact(
      `${provider} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}: ${detail}`,
    ),
    statusCode: status,
    retryAfterMs: mapped?.retryAfterMs ?? parseRetryAfter(headers),
    isRetryable: mapped?.isRetryable ?? shouldRetryHeader(headers),
    responseBody: text,
    responseHeaders: headers,
  });
}

/**
 * What an error body says: its usual message fields when it is JSON, else a
 * clear sentence for an empty, HTML or plain-text body.
 * @internal
 */
export function describeErrorBody(options: {
  text: string;
  /** The body parsed as JSON, or undefined. */
  body: unknown;
  contentType: string | undefined;
}): string {
  return messageFromBody(options.body) ?? describeErrorText(options);
}

/**
 * The message from the body's usual fields: `error.message`, `message`,
 * `detail`, `error` (a string), `title`, in that order.
 */
function messageFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  const nested =
    typeof error === 'object' && error !== null
      ? (error as Record<string, unknown>).message
      : undefined;
  for (const candidate of [
    nested,
    record.message,
    record.detail,
    error,
    record.title,
  ]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') {
      return clip(candidate.trim());
    }
  }
  return undefined;
}

/** A clear sentence for bodies that are empty, HTML or plain text. */
function describeErrorText(options: {
  text: string;
  contentType: string | undefined;
}): string {
  const trimmed = options.text.trim();
  if (trimmed === '') return 'the response body was empty.';
  const isHtml =
    options.contentType?.includes('html') === true ||
    /^<(?:!doctype|html|head|body)/i.test(trimmed);
  if (isHtml) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title
      ? `an HTML page titled "${clip(title)}" (not an API response).`
      : 'an HTML page (not an API response).';
  }
  return clip(trimmed.replace(/\s+/g, ' '));
}

/** OpenAI and Anthropic send `x-should-retry: true|false` to override the default. */
function shouldRetryHeader(
  headers: Record<string, string>,
): boolean | undefined {
  const value = headers['x-should-retry'];
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Cuts a detail to its length limit without leaving part of a word (a key). */
function clip(text: string): string {
  return clipText(text, MAX_DETAIL_LENGTH);
}

function redactHeaders(
  headers: Record<string, string>,
  redact: SecretRedactor,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, redact(value)]),
  );
}
