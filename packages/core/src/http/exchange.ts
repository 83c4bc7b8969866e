import { SwitchyardError } from '../errors/switchyard-error';
import { createCallScope, type CallScope } from './call-scope';
import { createResponseError } from './error-response';
import type { HttpCallOptions, HttpResult } from './http-types';
import { buildRequestHeaders } from './request-headers';
import { sendRequest, type UpstreamResponse } from './transport';

/** Default cap of a successful response body. */
export const SUCCESS_BODY_LIMIT = 64 * 1024 * 1024;

/** Request bytes and their content type (with its parameters, such as a multipart boundary). @internal */
export interface EncodedBody {
  bytes: Uint8Array;
  contentType: string;
}

/** What one exchange sends. @internal */
export interface ExchangeOptions extends HttpCallOptions {
  method: 'GET' | 'POST' | 'PUT';
  /** The JSON request body; undefined sends none. */
  body?: unknown;
  /** A body already encoded (a multipart form), sent instead of `body`. */
  encodedBody?: EncodedBody;
  accept: string;
  /** Streams only: the stall timeout, which needs the scope's timer. */
  chunkTimeoutMs?: number;
}

/**
 * Opens one upstream call: builds the headers, starts the whole-call timeout,
 * sends the request, and turns a status outside 2xx into the SwitchyardError
 * it stands for. The returned scope owns the call; the caller must dispose it.
 * @internal
 */
export async function openExchange(
  options: ExchangeOptions,
): Promise<{ response: UpstreamResponse; scope: CallScope }> {
  const { provider, timeoutMs } = options;
  const headers = buildRequestHeaders({
    provider,
    userAgent: options.userAgent,
    accept: options.accept,
    contentType:
      options.encodedBody?.contentType ??
      (options.body === undefined ? undefined : 'application/json'),
    headers: options.headers,
  });
  const scope = createCallScope({
    provider,
    signal: options.signal,
    needsTimer: timeoutMs !== undefined || options.chunkTimeoutMs !== undefined,
    requestHeaders: headers,
  });
  try {
    if (timeoutMs !== undefined) {
      scope.startDeadline(
        timeoutMs,
        () =>
          `${provider} did not answer within ${timeoutMs} ms; raise the provider's timeoutMs if the model is slow.`,
      );
    }
    const response = await sendRequest({
      url: options.url,
      method: options.method,
      headers,
      body: options.encodedBody?.bytes ?? serializeBody(options.body, provider),
      signal: scope.signal,
      fetch: options.fetch,
      provider,
    });
    if (response.status < 200 || response.status >= 300) {
      throw await createResponseError({
        response,
        provider,
        mapError: options.mapError,
        redact: scope.redact,
      });
    }
    return { response, scope };
  } catch (error) {
    scope.dispose();
    throw scope.toError(error);
  }
}

/**
 * Runs one whole exchange: opens it, lets `handle` read the successful
 * response, and maps whatever fails (abort, timeout, network) to the right
 * SwitchyardError.
 * @internal
 */
export async function exchange<TValue>(
  options: ExchangeOptions,
  handle: (response: UpstreamResponse, scope: CallScope) => Promise<TValue>,
): Promise<HttpResult<TValue>> {
  const { response, scope } = await openExchange(options);
  try {
    const value = await handle(response, scope);
    return { value, responseHeaders: response.headers };
  } catch (error) {
    response.discard();
    throw scope.toError(error);
  } finally {
    scope.dispose();
  }
}

function serializeBody(body: unknown, provider: string): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `The request body for ${provider} could not be serialised as JSON.`,
      cause: error,
    });
  }
}
