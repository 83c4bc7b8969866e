import { SwitchyardError } from '../errors/switchyard-error';
import { imageTypeOf, type ImageMimeType } from '../results/image-bytes';
import type { ReferenceImage } from '../schemas/image';
import type { FetchFunction } from './http-types';
import { getBinary } from './json-requests';

/** The largest image downloaded by URL by default: 15 MB, what 20 M base64 characters carry. */
const DEFAULT_MAX_BYTES = 15_000_000;
/** How long downloading an image may take by default. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** A `data:` URL: its media type (optional), its parameters, `;base64`, the data. */
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/is;

/** Options of {@link loadReferenceImage}. */
export interface LoadReferenceImageOptions {
  image: ReferenceImage;
  provider: string;
  /**
   * Whether an http(s) URL is downloaded. When false such an image is
   * `unsupported` (before any call), so a route moves on to a target that
   * takes image URLs: a gateway that downloads fetches any address a caller
   * names, its own network's included, so it is the operator's choice.
   */
  fetchUrls: boolean;
  /** How messages name the image (`images[2]`, `the first frame`). Default `the image`. */
  name?: string;
  /** Says how to let the instance download URLs (`set fetchImageUrls`), in the `unsupported` message. */
  fetchUrlsHint?: string;
  /** The largest download. Default 15 MB. */
  maxBytes?: number;
  /** How long a download may take. Default 30 s. */
  timeoutMs?: number;
  fetch?: FetchFunction;
  userAgent?: string;
  signal?: AbortSignal;
}

/** A reference image's bytes, with what was said and what the bytes show of its type. */
export interface LoadedReferenceImage {
  bytes: Uint8Array;
  /**
   * The `image/*` type it came with: inline base64's `mimeType`, a `data:`
   * URL's type, a download's `content-type`; undefined when none was said.
   */
  declaredType?: string;
  /** The type its first bytes show (PNG, JPEG, WebP or GIF signature); undefined for anything else. */
  sniffedType?: ImageMimeType;
}

/**
 * The bytes of a reference image (a training photo, a video's first frame,
 * an image to upload): inline base64 decoded, a base64 `data:` URL decoded,
 * an http(s) URL downloaded when `fetchUrls` allows it, with core's HTTP
 * helper (no key sent, bounded in size and time, stopped by `signal`). Any
 * other URL is `unsupported`. A URL that cannot be downloaded (refused,
 * missing, too large, too slow) is the caller's, not the provider's, so it
 * is `invalid_request` (no fallback, no breaker count); an abort stays
 * `cancelled`. The provider decides which types it takes from
 * `declaredType` and `sniffedType`.
 */
export async function loadReferenceImage(
  options: LoadReferenceImageOptions,
): Promise<LoadedReferenceImage> {
  const { image } = options;
  if ('base64' in image) {
    return typed(Buffer.from(image.base64, 'base64'), image.mimeType);
  }
  if (/^data:/i.test(image.url)) return fromDataUrl(image.url, options);
  checkReferenceImageSource(options);
  return download(image.url, options);
}

/**
 * Throws, before any call, the `unsupported` error an image
 * {@link loadReferenceImage} would refuse by its source: an http(s) URL
 * when `fetchUrls` is false, a URL of another scheme. Inline base64 and
 * `data:` URLs pass. For providers that check every image before their
 * first call (a dataset created, then filled).
 */
export function checkReferenceImageSource(
  options: Pick<
    LoadReferenceImageOptions,
    'image' | 'provider' | 'fetchUrls' | 'name' | 'fetchUrlsHint'
  >,
): void {
  const { image, provider } = options;
  if ('base64' in image || /^data:/i.test(image.url)) return;
  const { protocol } = new URL(image.url);
  const web = protocol === 'http:' || protocol === 'https:';
  if (web && options.fetchUrls) return;
  const name = options.name ?? 'the image';
  const hint =
    options.fetchUrlsHint === undefined ? '' : ` (${options.fetchUrlsHint})`;
  throw new SwitchyardError({
    code: 'unsupported',
    provider,
    message: web
      ? `${provider} does not download image URLs here${hint}: send ${name} as base64 or a data: URL.`
      : `${provider} takes ${name} inline or by http(s) URL, not by a ${protocol} URL.`,
  });
}

function typed(
  bytes: Uint8Array,
  declared: string | undefined,
): LoadedReferenceImage {
  const type = declared?.split(';')[0]?.trim().toLowerCase();
  return {
    bytes,
    declaredType: type?.startsWith('image/') === true ? type : undefined,
    sniffedType: imageTypeOf(bytes),
  };
}

function fromDataUrl(
  url: string,
  options: LoadReferenceImageOptions,
): LoadedReferenceImage {
  const [, type, , base64, data] = DATA_URL.exec(url) ?? [];
  if (base64 === undefined || data === undefined) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider: options.provider,
      message: `${options.provider} takes data: URLs of base64 images; ${options.name ?? 'the image'} is not one.`,
    });
  }
  return typed(Buffer.from(data, 'base64'), type);
}

async function download(
  url: string,
  options: LoadReferenceImageOptions,
): Promise<LoadedReferenceImage> {
  const { provider } = options;
  try {
    const { value } = await getBinary({
      url,
      provider,
      signal: options.signal,
      fetch: options.fetch,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    });
    return typed(value.data, value.mimeType);
  } catch (error) {
    if (SwitchyardError.isInstance(error) && error.code === 'cancelled') {
      throw error;
    }
    // The caller's URL failed, not the provider: no other target would do better.
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `${provider} could not download ${options.name ?? 'the image'}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
