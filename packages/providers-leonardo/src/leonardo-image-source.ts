import {
  SwitchyardError,
  getBinary,
  inspectImageBytes,
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
/** A base64 `data:` URL of an image type Leonardo takes. */
const DATA_URL = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$/;
/** Bytes of a download's start, and of its end, that its type is read from. */
const SNIFF_HEAD_BYTES = 48 * 1024;
const SNIFF_TAIL_BYTES = 64;

function isUploadable(mimeType: string): mimeType is UploadableType {
  return (UPLOADABLE_TYPES as readonly string[]).includes(mimeType);
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
  if ('base64' in image || image.url.startsWith('data:')) return;
  const { protocol } = new URL(image.url);
  const web = protocol === 'http:' || protocol === 'https:';
  if (web && config.fetchImageUrls === true) return;
  throw new SwitchyardError({
    code: 'unsupported',
    provider: config.provider,
    message: web
      ? `${config.provider} uploads input images itself and this instance does not download URLs (set fetchImageUrls to allow it); send the image as base64.`
      : `${config.provider} takes input images inline or by http(s) URL, not ${protocol} URLs.`,
  });
}

/**
 * The bytes and type of an input image: inline as given, from a `data:` URL,
 * or downloaded from an http(s) URL when the instance allows it (bounded in
 * size and time, stopped by `signal`, typed by its header or its bytes).
 */
export async function uploadableImage(context: {
  image: ReferenceImage;
  config: LeonardoModelConfig;
  signal?: AbortSignal;
}): Promise<UploadableImage> {
  const { image, config } = context;
  checkImageSource(image, config);
  if ('base64' in image) {
    return {
      bytes: Buffer.from(image.base64, 'base64'),
      mimeType: image.mimeType,
    };
  }
  if (image.url.startsWith('data:')) return fromDataUrl(image.url, config);
  return download(image.url, config, context.signal);
}

function fromDataUrl(
  url: string,
  config: LeonardoModelConfig,
): UploadableImage {
  const match = DATA_URL.exec(url);
  const [, mimeType, data] = match ?? [];
  if (mimeType === undefined || data === undefined || !isUploadable(mimeType)) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider: config.provider,
      message: `${config.provider} takes data: URLs of base64 PNG, JPEG or WebP images.`,
    });
  }
  return { bytes: Buffer.from(data, 'base64'), mimeType };
}

async function download(
  url: string,
  config: LeonardoModelConfig,
  signal: AbortSignal | undefined,
): Promise<UploadableImage> {
  const { provider } = config;
  let bytes: Uint8Array;
  let declared: string;
  try {
    const { value } = await getBinary({
      url,
      provider,
      signal,
      fetch: config.fetch,
      userAgent: config.userAgent,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      maxResponseBytes: MAX_DOWNLOAD_BYTES,
    });
    bytes = value.data;
    declared = value.mimeType;
  } catch (error) {
    if (SwitchyardError.isInstance(error) && error.code === 'cancelled') {
      throw error;
    }
    // The caller's URL failed, not Leonardo: no other target would do better.
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `${provider} could not download the input image: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  const mimeType = isUploadable(declared) ? declared : sniff(bytes);
  if (mimeType === undefined) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `The input image at the URL is not a PNG, JPEG or WebP image, which ${provider} takes.`,
    });
  }
  return { bytes, mimeType };
}

/** The image type the bytes show, when Leonardo takes it. */
function sniff(bytes: Uint8Array): UploadableType | undefined {
  const header = inspectImageBytes({
    head: bytes.subarray(0, SNIFF_HEAD_BYTES),
    tail: bytes.subarray(Math.max(0, bytes.byteLength - SNIFF_TAIL_BYTES)),
    total: bytes.byteLength,
  });
  if (typeof header === 'string') return undefined;
  return isUploadable(header.mimeType) ? header.mimeType : undefined;
}
