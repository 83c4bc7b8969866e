import {
  loadReferenceImage,
  type FetchFunction,
  type ReferenceImage,
} from '@switchyard/core';

/** The largest first-frame image fetched by URL: 15 MB, what 20 M base64 characters carry. */
export const MAX_IMAGE_DOWNLOAD_BYTES = 15_000_000;
/** How long fetching a first-frame image may take. */
export const IMAGE_DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The base64 of an image-to-video request's first frame, by core's loader:
 * inline as given, from a `data:` URL, or, when the instance allows it
 * (`fetchImageUrls`), fetched from an http(s) URL (bounded in size and
 * time, stopped by `signal`). Any other URL is `unsupported`. The worker's
 * decoder tells what the bytes are.
 */
export async function firstFrameBase64(options: {
  image: ReferenceImage;
  provider: string;
  fetchImageUrls: boolean;
  fetch?: FetchFunction;
  signal?: AbortSignal;
}): Promise<string> {
  const { image, provider } = options;
  if ('base64' in image) return image.base64;
  const { bytes } = await loadReferenceImage({
    image,
    provider,
    fetchUrls: options.fetchImageUrls,
    name: 'the first frame',
    fetchUrlsHint: `set providers.${provider}.fetchImageUrls to let it fetch URLs`,
    maxBytes: MAX_IMAGE_DOWNLOAD_BYTES,
    timeoutMs: IMAGE_DOWNLOAD_TIMEOUT_MS,
    fetch: options.fetch,
    signal: options.signal,
  });
  return Buffer.from(bytes).toString('base64');
}
