import { SwitchyardError } from '../errors/switchyard-error';
import type { CallScope } from './call-scope';
import { exchange, SUCCESS_BODY_LIMIT, type EncodedBody } from './exchange';
import type {
  BinaryResponse,
  GetBinaryOptions,
  GetJsonOptions,
  HttpCallOptions,
  HttpResult,
  JsonResponseOptions,
  PostForBinaryOptions,
  PostFormOptions,
  PostJsonOptions,
} from './http-types';
import { parseJsonText } from './parse-json';
import { readBody, type UpstreamResponse } from './transport';

/**
 * POSTs a JSON body and validates the JSON answer with `parse`. Every failure
 * is a SwitchyardError: error statuses (through `mapError`), invalid JSON or a
 * schema mismatch (`invalid_response`), network failures (`network`), `timeout` and
 * `cancelled`.
 *
 * @example
 * ```ts
 * const { value, responseHeaders } = await postJson({
 *   url: `${baseURL}/chat/completions`,
 *   provider: 'openai',
 *   headers: { authorization: `Bearer ${apiKey}` },
 *   body: { model, messages },
 *   parse: chatCompletionSchema,
 *   mapError: mapOpenAIError,
 *   signal,
 * });
 * ```
 */
export async function postJson<TValue>(
  options: PostJsonOptions<TValue>,
): Promise<HttpResult<TValue>> {
  return exchange(
    {
      ...options,
      method: options.method ?? 'POST',
      accept: 'application/json',
    },
    (response, scope) => readJson({ response, options, scope }),
  );
}

/**
 * POSTs a `multipart/form-data` body (image uploads, edits) and validates the
 * JSON answer with `parse`; failures are the errors of {@link postJson}.
 *
 * @example
 * ```ts
 * const form = new FormData();
 * form.append('prompt', 'add a hat');
 * form.append('image', new Blob([png], { type: 'image/png' }), 'image.png');
 * const { value } = await postForm({ url: `${baseURL}/images/edits`, provider: 'openai', form, parse });
 * ```
 */
export async function postForm<TValue>(
  options: PostFormOptions<TValue>,
): Promise<HttpResult<TValue>> {
  const { form, ...rest } = options;
  const encodedBody = await encodeForm(form);
  return exchange(
    { ...rest, method: 'POST', encodedBody, accept: 'application/json' },
    (response, scope) => readJson({ response, options, scope }),
  );
}

/** The bytes and boundary of a form, as fetch would send them. @internal */
export async function encodeForm(form: FormData): Promise<EncodedBody> {
  const encoded = new Response(form);
  // Always set for a FormData body (multipart/form-data; boundary=…).
  const contentType = encoded.headers.get('content-type') ?? '';
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType };
}

/** GETs a JSON resource and validates it with `parse` (see {@link postJson}). */
export async function getJson<TValue>(
  options: GetJsonOptions<TValue>,
): Promise<HttpResult<TValue>> {
  return exchange(
    { ...options, method: 'GET', body: undefined, accept: 'application/json' },
    (response, scope) => readJson({ response, options, scope }),
  );
}

/**
 * POSTs a JSON body and returns the binary answer (an image, audio) with its
 * media type. A JSON answer where bytes were expected is an `invalid_response` error.
 */
export async function postForBinary(
  options: PostForBinaryOptions,
): Promise<HttpResult<BinaryResponse>> {
  return exchange(
    { ...options, method: 'POST', accept: '*/*' },
    (response, scope) => readBinary({ response, options, scope }),
  );
}

/**
 * GETs a file (an image, audio a provider hosts) and returns its bytes with
 * their media type, like {@link postForBinary}: bounded by
 * `maxResponseBytes`, stopped by `signal`, and an empty or JSON answer is an
 * `invalid_response` error. Send no auth headers to a host other than the
 * provider's own.
 *
 * @example
 * ```ts
 * const { value } = await getBinary({
 *   url: output.audio.url, provider: 'fal', signal, maxResponseBytes: 50 * 1024 * 1024,
 * });
 * ```
 */
export async function getBinary(
  options: GetBinaryOptions,
): Promise<HttpResult<BinaryResponse>> {
  return exchange(
    { ...options, method: 'GET', body: undefined, accept: '*/*' },
    (response, scope) => readBinary({ response, options, scope }),
  );
}

/** Reads a binary answer: its bytes (capped) and media type, refusing an empty or JSON body. */
async function readBinary(context: {
  response: UpstreamResponse;
  options: HttpCallOptions;
  scope: CallScope;
}): Promise<BinaryResponse> {
  const { response, options, scope } = context;
  const mimeType =
    response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ||
    'application/octet-stream';
  const bytes = await readCapped({ response, options });
  if (bytes.byteLength === 0) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider: options.provider,
      message: `${options.provider} answered HTTP ${response.status} with an empty body where binary data was expected.`,
      statusCode: response.status,
      responseHeaders: response.headers,
    });
  }
  if (mimeType === 'application/json') {
    const text = scope.redact(new TextDecoder().decode(bytes));
    throw new SwitchyardError({
      code: 'invalid_response',
      provider: options.provider,
      message: `${options.provider} answered with JSON where binary data was expected.`,
      statusCode: response.status,
      responseBody: text,
      responseHeaders: response.headers,
    });
  }
  return { data: bytes, mimeType };
}

async function readJson<TValue>(context: {
  response: UpstreamResponse;
  options: JsonResponseOptions<TValue>;
  scope: CallScope;
}): Promise<TValue> {
  const { response, options } = context;
  const bytes = await readCapped({ response, options });
  return parseJsonText({
    text: new TextDecoder().decode(bytes),
    schema: options.parse,
    provider: options.provider,
    statusCode: response.status,
    responseHeaders: response.headers,
    redact: context.scope.redact,
  });
}

/** Reads a successful body, failing when it is larger than the cap. @internal */
export async function readCapped(context: {
  response: UpstreamResponse;
  options: HttpCallOptions;
}): Promise<Uint8Array> {
  const { response, options } = context;
  const limit = options.maxResponseBytes ?? SUCCESS_BODY_LIMIT;
  const declared = Number(response.headers['content-length']);
  const { bytes, truncated } =
    Number.isFinite(declared) && declared > limit
      ? { bytes: new Uint8Array(), truncated: true }
      : await readBody(response, limit);
  if (!truncated) return bytes;
  response.discard();
  throw new SwitchyardError({
    code: 'invalid_response',
    provider: options.provider,
    message: `The response from ${options.provider} is larger than ${limit} bytes; it was dropped.`,
    statusCode: response.status,
    responseHeaders: response.headers,
  });
}
