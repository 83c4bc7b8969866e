import {
  SwitchyardError,
  getBinary,
  modelCallOptions,
  type CallOptions,
  type ModelHttpConfig,
} from '@switchyard/core';
import { mapGeminiError } from './gemini-error';

/**
 * Largest video taken from Veo: an 8 s 1080p clip is some megabytes; 70 MiB
 * keeps the base64 within the result's 100 MB limit.
 */
export const MAX_VEO_VIDEO_BYTES = 70 * 1024 * 1024;
/** How long one download (each hop of it) may take. */
const DOWNLOAD_TIMEOUT_MS = 300_000;
/** The file URI redirects once to storage; more hops than this is a loop. */
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Google's own API host: its file URIs take the key even behind a proxy base URL. */
const GEMINI_API_ORIGIN = 'https://generativelanguage.googleapis.com';

/**
 * Downloads a generated video from its file URI. The URI is not pre-signed:
 * it needs the API key, which is sent only to the provider's own host (the
 * base URL's origin, or Google's API host); the storage host it redirects
 * to gets no key. Bounded
 * in size ({@link MAX_VEO_VIDEO_BYTES}) and time, stopped by the caller's
 * signal.
 */
export async function downloadVeoVideo(context: {
  uri: string;
  config: ModelHttpConfig;
  options: CallOptions;
}): Promise<Uint8Array> {
  const { config, options } = context;
  const keyed = new Set([new URL(config.baseURL).origin, GEMINI_API_ORIGIN]);
  let url = absoluteURL(context.uri, config.baseURL, config.provider);
  for (let hop = 0; ; hop += 1) {
    const call = modelCallOptions({
      config,
      call: options,
      mapError: mapGeminiError,
    });
    const sameHost = keyed.has(new URL(url).origin);
    try {
      const { value } = await getBinary({
        ...call,
        headers: sameHost ? call.headers : undefined,
        url,
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
        maxResponseBytes: MAX_VEO_VIDEO_BYTES,
      });
      return value.data;
    } catch (error) {
      const location = redirectLocation(error);
      if (location === undefined || hop >= MAX_REDIRECTS) throw error;
      url = absoluteURL(location, url, config.provider);
    }
  }
}

/** Where a redirect answer points, or undefined for any other failure. */
function redirectLocation(error: unknown): string | undefined {
  if (!SwitchyardError.isInstance(error)) return undefined;
  if (!REDIRECT_STATUSES.has(error.statusCode ?? 0)) return undefined;
  const location = error.responseHeaders?.location;
  return location === undefined || location === '' ? undefined : location;
}

function absoluteURL(value: string, base: string, provider: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch (error) {
    throw invalidURL(provider, error);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidURL(provider, undefined);
  }
  return url.href;
}

function invalidURL(provider: string, cause: unknown): SwitchyardError {
  return new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} gave a video location that is not an http(s) URL.`,
    cause,
  });
}
