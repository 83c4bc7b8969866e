import {
  getBinary,
  SwitchyardError,
  type FetchFunction,
  type ReferenceImage,
} from '@switchyard/core';
import { inlineReference } from './edit-images';

/** The largest first-frame image fetched by URL: 15 MB, what 20 M base64 characters carry. */
export const MAX_IMAGE_DOWNLOAD_BYTES = 15_000_000;
/** How long fetching a first-frame image may take. */
export const IMAGE_DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The base64 of an image-to-video request's first frame: inline as given,
 * from a `data:` URL, or, when the instance allows it (`fetchImageUrls`),
 * fetched from an http(s) URL with core's HTTP helper (bounded in size and
 * time, stopped by `signal`). Any other URL is `unsupported`.
 */
export async function firstFrameBase64(options: {
  image: ReferenceImage;
  provider: string;
  fetchImageUrls: boolean;
  fetch?: FetchFunction;
  signal?: AbortSignal;
}): Promise<string> {
  const { image, provider } = options;
  if ('base64' in image || image.url.startsWith('data:')) {
    return inlineReference(image, provider);
  }
  const { protocol } = new URL(image.url);
  if (
    !options.fetchImageUrls ||
    (protocol !== 'http:' && protocol !== 'https:')
  ) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: options.fetchImageUrls
        ? `The local video model fetches http and https images, not ${protocol} URLs.`
        : `The local video model reads the image inline (base64 or a data: URL); set providers.${provider}.fetchImageUrls to let it fetch URLs.`,
    });
  }
  try {
    const { value } = await getBinary({
      url: image.url,
      provider,
      signal: options.signal,
      fetch: options.fetch,
      timeoutMs: IMAGE_DOWNLOAD_TIMEOUT_MS,
      maxResponseBytes: MAX_IMAGE_DOWNLOAD_BYTES,
    });
    return Buffer.from(value.data).toString('base64');
  } catch (error) {
    if (SwitchyardError.isInstance(error) && error.code === 'cancelled') {
      throw error;
    }
    // The caller's URL failed, not the model: no other target would do better from here.
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `The local video model could not fetch the image: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
