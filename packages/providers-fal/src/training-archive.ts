import {
  SwitchyardError,
  getBinary,
  zipStored,
  type CallOptions,
  type ReferenceImage,
  type ZipEntry,
} from '@switchyard/core';
import type { FalModelConfig } from './fal-endpoint';

/** The largest training photo fetched from a URL. */
export const MAX_TRAINING_IMAGE_BYTES = 20 * 1024 * 1024;
/** The largest archive of training photos built and uploaded. */
export const MAX_TRAINING_ARCHIVE_BYTES = 200 * 1024 * 1024;
/** Photos fetched at once. */
const DOWNLOADS_AT_ONCE = 4;

/** The file extension of a JPEG, PNG or WebP, from its first bytes; undefined for anything else. */
export function imageExtension(bytes: Uint8Array): string | undefined {
  const starts = (signature: number[], at = 0) =>
    signature.every((byte, index) => bytes[at + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'jpg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) {
    return 'webp';
  }
  return undefined;
}

function invalidRequest(provider: string, message: string): SwitchyardError {
  return new SwitchyardError({ code: 'invalid_request', provider, message });
}

/**
 * A photo's bytes: inline base64 decoded, a URL fetched (http(s) only,
 * bounded, without the key, stopped on abort). A URL that cannot be fetched
 * (refused, missing, too large) is the request's fault, `invalid_request`;
 * a network failure, timeout or abort stays what it is.
 */
async function imageBytes(options: {
  image: ReferenceImage;
  index: number;
  config: FalModelConfig;
  call: CallOptions;
}): Promise<Uint8Array> {
  const { image, index, config, call } = options;
  const { provider } = config;
  if (!('url' in image)) return Buffer.from(image.base64, 'base64');
  if (!/^https?:\/\//i.test(image.url)) {
    throw invalidRequest(provider, `images[${index}] is not an http(s) URL.`);
  }
  try {
    const { value } = await getBinary({
      url: image.url,
      provider,
      signal: call.signal,
      fetch: config.fetch,
      userAgent: config.userAgent,
      maxResponseBytes: MAX_TRAINING_IMAGE_BYTES,
    });
    return value.data;
  } catch (error) {
    const code = SwitchyardError.isInstance(error) ? error.code : 'unknown';
    if (['cancelled', 'timeout', 'network'].includes(code)) throw error;
    throw invalidRequest(
      provider,
      `images[${index}] could not be fetched for training: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The training photos as one zip archive (`image-01.jpg`, …), the form fal's
 * LoRA trainers take (`images_data_url`). Each photo must be a JPEG, PNG or
 * WebP (by its bytes); the archive stays under {@link MAX_TRAINING_ARCHIVE_BYTES}.
 */
export async function trainingArchive(options: {
  images: readonly ReferenceImage[];
  config: FalModelConfig;
  call: CallOptions;
}): Promise<Uint8Array> {
  const { images, config, call } = options;
  const { provider } = config;
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let start = 0; start < images.length; start += DOWNLOADS_AT_ONCE) {
    const batch = images.slice(start, start + DOWNLOADS_AT_ONCE);
    const fetched = await Promise.all(
      batch.map((image, offset) =>
        imageBytes({ image, index: start + offset, config, call }),
      ),
    );
    for (const [offset, data] of fetched.entries()) {
      const index = start + offset;
      const extension = imageExtension(data);
      if (extension === undefined) {
        throw invalidRequest(
          provider,
          `images[${index}] is not a JPEG, PNG or WebP image.`,
        );
      }
      total += data.length;
      if (total > MAX_TRAINING_ARCHIVE_BYTES) {
        throw invalidRequest(
          provider,
          `The training images add up to more than ${MAX_TRAINING_ARCHIVE_BYTES} bytes.`,
        );
      }
      const number = String(index + 1).padStart(2, '0');
      entries.push({ name: `image-${number}.${extension}`, data });
    }
  }
  return zipStored(entries);
}
