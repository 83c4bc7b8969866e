import {
  SwitchyardError,
  modelCallOptions,
  postJson,
  toNetworkError,
  type CallOptions,
} from '@switchyard/core';
import { z } from 'zod';
import type { FalModelConfig } from './fal-endpoint';
import { mapFalError } from './fal-error';

/**
 * fal's storage REST host, where its own clients start an upload to the fal
 * CDN (https://docs.fal.ai/documentation/model-apis/fal-cdn): `POST
 * /storage/upload/initiate` with `{ content_type, file_name }` answers a
 * signed `upload_url` to PUT the bytes to, and the `file_url` models fetch.
 */
export const FAL_STORAGE_URL = 'https://rest.alpha.fal.ai';

/** How long one upload (both steps) may take. */
const UPLOAD_TIMEOUT_MS = 5 * 60_000;

const initiateSchema = z.object({
  upload_url: z.url({ protocol: /^https?$/ }),
  file_url: z.url({ protocol: /^https?$/ }),
});

/**
 * Uploads bytes to fal's CDN and returns the URL fal's models fetch them
 * from. The first step carries the key (fal's API); the PUT goes to the
 * signed URL fal answered, without it. Bounded in time, stopped on abort.
 */
export async function uploadToFal(options: {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
  config: FalModelConfig;
  call: CallOptions;
}): Promise<string> {
  const { bytes, contentType, fileName, config, call } = options;
  const storageURL = config.storageURL ?? FAL_STORAGE_URL;
  const deadline = AbortSignal.timeout(UPLOAD_TIMEOUT_MS);
  const signal =
    call.signal === undefined
      ? deadline
      : AbortSignal.any([call.signal, deadline]);
  const { value } = await postJson({
    ...modelCallOptions({ config, call, mapError: mapFalError }),
    signal,
    url: `${storageURL}/storage/upload/initiate`,
    body: { content_type: contentType, file_name: fileName },
    parse: initiateSchema,
  });
  await putBytes({
    url: value.upload_url,
    bytes,
    contentType,
    config,
    signal,
    timedOut: () => deadline.aborted && call.signal?.aborted !== true,
  });
  return value.file_url;
}

/**
 * PUTs raw bytes to a signed URL. Core's HTTP helpers send JSON or forms
 * only, so this one request goes through the configured `fetch` itself.
 */
async function putBytes(options: {
  url: string;
  bytes: Uint8Array;
  contentType: string;
  config: FalModelConfig;
  signal: AbortSignal;
  timedOut: () => boolean;
}): Promise<void> {
  const { config, signal } = options;
  const { provider } = config;
  const send = config.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await send(options.url, {
      method: 'PUT',
      body: options.bytes,
      headers: {
        'content-type': options.contentType,
        'user-agent': config.userAgent,
      },
      signal,
    });
    // The answer says nothing we need; read it so the connection is reused.
    await response.arrayBuffer();
  } catch (error) {
    if (options.timedOut()) {
      throw new SwitchyardError({
        code: 'timeout',
        provider,
        message: `The upload to ${provider}'s storage did not finish within ${UPLOAD_TIMEOUT_MS} ms.`,
        cause: error,
      });
    }
    throw toNetworkError(error, provider);
  }
  if (response.ok) return;
  // A refused signed URL is fal's storage failing, never the caller's key or request.
  throw new SwitchyardError({
    code:
      response.status >= 500 || response.status === 429
        ? 'server_error'
        : 'unknown',
    provider,
    statusCode: response.status,
    message: `${provider}'s storage answered HTTP ${response.status} to the upload.`,
  });
}
