import {
  SwitchyardError,
  checkReferenceImageSource,
  loadReferenceImage,
  type ReferenceImage,
} from '@switchyard/core';
import type { LeonardoModelConfig } from './leonardo-config';

/** The image types Leonardo's uploads take. */
const UPLOADABLE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
type UploadableType = (typeof UPLOADABLE_TYPES)[number];

/** An input image ready for a presigned upload. */
export interface UploadableImage {
  bytes: Uint8Array;
  mimeType: UploadableType;
}

/** The largest input image downloaded by URL: 15 MB, what 20 M base64 characters carry. */
const MAX_DOWNLOAD_BYTES = 15_000_000;
/** How long downloading an input image may take. */
const DOWNLOAD_TIMEOUT_MS = 30_000;
const NAME = 'the input image';
const FETCH_URLS_HINT = 'set fetchImageUrls to allow it';

function isUploadable(
  mimeType: string | undefined,
): mimeType is UploadableType {
  return (UPLOADABLE_TYPES as readonly (string | undefined)[]).includes(
    mimeType,
  );
}

/**
 * Throws, before any call, the `unsupported` error an image Leonardo cannot
 * take earns: an http(s) URL when the instance does not download URLs
 * (`fetchImageUrls`: the gateway would fetch any address a caller names, its
 * own network's included), or another scheme. The route then falls back to a
 * target that takes image URLs. Inline base64 and `data:` URLs always pass.
 */
export function checkImageSource(
  image: ReferenceImage,
  config: LeonardoModelConfig,
): void {
  checkReferenceImageSource({
    image,
    provider: config.provider,
    fetchUrls: config.fetchImageUrls === true,
    name: NAME,
    fetchUrlsHint: FETCH_URLS_HINT,
  });
}

/**
 * The bytes and type of an input image, by core's loader: inline as given,
 * from a `data:` URL, or downloaded from an http(s) URL when the instance
 * allows it (bounded in size and time, stopped by `signal`). Its type is the
 * one it was given with (base64's, the `data:` URL's, the host's), else the
 * one its bytes show; a type Leonardo does not take is `invalid_request`.
 */
export async function uploadableImage(context: {
  image: ReferenceImage;
  config: LeonardoModelConfig;
  signal?: AbortSignal;
}): Promise<UploadableImage> {
  const { config } = context;
  const { provider } = config;
  const { bytes, declaredType, sniffedType } = await loadReferenceImage({
    image: context.image,
    provider,
    fetchUrls: config.fetchImageUrls === true,
    name: NAME,
    fetchUrlsHint: FETCH_URLS_HINT,
    maxBytes: MAX_DOWNLOAD_BYTES,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    fetch: config.fetch,
    userAgent: config.userAgent,
    signal: context.signal,
  });
  const mimeType = [declaredType, sniffedType].find(isUploadable);
  if (mimeType === undefined) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `${provider} takes PNG, JPEG or WebP input images; ${NAME} is not one.`,
    });
  }
  return { bytes, mimeType };
}
