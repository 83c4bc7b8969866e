import {
  IMAGE_EXTENSIONS,
  SwitchyardError,
  loadReferenceImage,
  zipStored,
  type CallOptions,
  type ImageMimeType,
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

/** The image types a trainer takes. */
const TRAINING_TYPES: readonly ImageMimeType[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
];

function invalidRequest(provider: string, message: string): SwitchyardError {
  return new SwitchyardError({ code: 'invalid_request', provider, message });
}

/**
 * A photo's bytes and file extension: inline base64, or a URL fetched by
 * core's loader (http(s) only, bounded, without the key, stopped on abort;
 * one that cannot be fetched is `invalid_request`). The type is the one its
 * bytes show: a JPEG, PNG or WebP.
 */
async function photo(options: {
  image: ReferenceImage;
  index: number;
  config: FalModelConfig;
  call: CallOptions;
}): Promise<{ data: Uint8Array; extension: string }> {
  const { config, index } = options;
  const name = `images[${index}]`;
  const { bytes, sniffedType } = await loadReferenceImage({
    image: options.image,
    provider: config.provider,
    fetchUrls: true,
    name,
    maxBytes: MAX_TRAINING_IMAGE_BYTES,
    fetch: config.fetch,
    userAgent: config.userAgent,
    signal: options.call.signal,
  });
  if (sniffedType === undefined || !TRAINING_TYPES.includes(sniffedType)) {
    throw invalidRequest(
      config.provider,
      `${name} is not a JPEG, PNG or WebP image.`,
    );
  }
  return { data: bytes, extension: IMAGE_EXTENSIONS[sniffedType] };
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
        photo({ image, index: start + offset, config, call }),
      ),
    );
    for (const [offset, { data, extension }] of fetched.entries()) {
      total += data.length;
      if (total > MAX_TRAINING_ARCHIVE_BYTES) {
        throw invalidRequest(
          provider,
          `The training images add up to more than ${MAX_TRAINING_ARCHIVE_BYTES} bytes.`,
        );
      }
      const number = String(start + offset + 1).padStart(2, '0');
      entries.push({ name: `image-${number}.${extension}`, data });
    }
  }
  return zipStored(entries);
}
