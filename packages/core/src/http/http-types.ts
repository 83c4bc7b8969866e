import type { z } from 'zod';
import type { ErrorCode } from '../errors/codes';

/** A `fetch`-compatible function, for tests or proxies. */
export type FetchFunction = typeof globalThis.fetch;

/** What every HTTP helper call returns: the value and the response headers. */
export interface HttpResult<TValue> {
  value: TValue;
  /** Response headers with lower-cased names. */
  responseHeaders: Record<string, string>;
}

/** What a provider's `mapError` receives for an error response (status >= 300). */
export interface ErrorResponseDetails {
  status: number;
  statusText: string;
  /** The body parsed as JSON, or undefined when it is not JSON. Untrusted: validate it. */
  body: unknown;
  /** The body as text (capped at 64 KiB). */
  text: string;
  /** Response headers with lower-cased names. */
  headers: Record<string, string>;
}

/** A provider's view of an error response; every field is optional. */
export interface MappedError {
  code?: ErrorCode;
  /** What went wrong, in the upstream's words; the helper prefixes provider and status. */
  message?: string;
  retryAfterMs?: number;
  isRetryable?: boolean;
}

/**
 * Maps an error response to a partial error; return undefined (or leave fields
 * out) to keep the defaults: the code from the status, the body's usual message
 * fields, and the wait from the Retry-After family of headers.
 */
export type MapError = (
  details: ErrorResponseDetails,
) => MappedError | undefined;

/** Options shared by every HTTP helper call. */
export interface HttpCallOptions {
  /** Absolute URL of the upstream endpoint. */
  url: string;
  /** Provider name, used in errors and the default User-Agent. */
  provider: string;
  /** Request headers; undefined values are left out. Never copied into errors. */
  headers?: Record<string, string | undefined>;
  /** Aborts the upstream request; the call then fails with `cancelled` (or the signal's SwitchyardError reason). */
  signal?: AbortSignal;
  /** Custom fetch (tests, proxies). Default: a shared pooled keep-alive undici Agent. */
  fetch?: FetchFunction;
  /** Whole-call timeout in milliseconds (`timeout` error). Default: none beyond undici's 300 s header and body timeouts. */
  timeoutMs?: number;
  /** Provider-specific mapping of error responses. */
  mapError?: MapError;
  /** User-Agent header. Default `switchyard/<provider>/<core VERSION>`. */
  userAgent?: string;
  /** Largest successful response body accepted, in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
}

/** Options of a call whose JSON response is validated with a zod schema. */
export interface JsonResponseOptions<TValue> extends HttpCallOptions {
  /** Schema of the successful response; a mismatch is an `unknown` error. */
  parse: z.ZodType<TValue>;
}

/** Options of `postJson`. */
export interface PostJsonOptions<TValue> extends JsonResponseOptions<TValue> {
  /** Request body, sent as JSON. */
  body: unknown;
  /** The method; default `POST`. Some APIs want `PUT` (fal's cancel). */
  method?: 'POST' | 'PUT';
}

/** Options of `postForm`. */
export interface PostFormOptions<TValue> extends JsonResponseOptions<TValue> {
  /**
   * The multipart body: strings, and files as `Blob`s whose `type` is the
   * part's content type (APIs such as OpenAI's read it, not the file name).
   */
  form: FormData;
}

/** Options of `getJson`. */
export type GetJsonOptions<TValue> = JsonResponseOptions<TValue>;

/** Options of `postForBinary`. */
export interface PostForBinaryOptions extends HttpCallOptions {
  /** Request body, sent as JSON. */
  body: unknown;
}

/** Options of `getBinary`: a GET with no body. */
export type GetBinaryOptions = HttpCallOptions;

/** A binary response body and its media type. */
export interface BinaryResponse {
  data: Uint8Array;
  /** The content-type without parameters; `application/octet-stream` when absent. */
  mimeType: string;
}

/** Options of `postForSse`. */
export interface PostForSseOptions extends HttpCallOptions {
  /** Request body, sent as JSON. */
  body: unknown;
  /**
   * Longest silence between two chunks of the stream (and before the first)
   * before the call fails with `timeout`. Default: undici's 300 s body timeout.
   * For streams, `timeoutMs` covers only the wait for the response headers.
   */
  chunkTimeoutMs?: number;
  /**
   * The API ends every stream with `data: [DONE]` (OpenAI-style): a stream
   * that closes without it fails with `invalid_response`, since its answer
   * was cut. Leave it off for APIs with another end marker, and check that
   * one with `incompleteStreamError`.
   */
  endsWithDone?: boolean;
}

/** One server-sent event. `data: [DONE]` ends the stream and is not yielded. */
export interface SseEvent {
  /** The `event:` field, when the upstream sent one. */
  event?: string;
  data: string;
  id?: string;
}

/** Options of `uploadForm`: a multipart POST whose answer has no body to read. */
export interface UploadFormOptions extends HttpCallOptions {
  /** The multipart body: fields as strings, files as `Blob`s. */
  form: FormData;
}
