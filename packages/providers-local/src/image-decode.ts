import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Decoded pixels: RGBA, 4 bytes each, rows of `width`. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Why an image could not be read: a kind the model cannot read, or bytes that are not an image. */
export interface DecodeProblem {
  code: 'unsupported' | 'invalid_request';
  problem: string;
}

/** The largest reference the local model reads: 16 megapixels (4096×4096). */
export const MAX_INPUT_PIXELS = 4096 * 4096;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  signature.every((byte, index) => bytes[at + index] === byte);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

function tooLarge(width: number, height: number): DecodeProblem | undefined {
  if (width * height <= MAX_INPUT_PIXELS) return undefined;
  return {
    code: 'invalid_request',
    problem: `it is ${width}×${height}; the local model reads at most 16 megapixels`,
  };
}

function decodePng(bytes: Buffer): RgbaImage | DecodeProblem {
  // Width and height sit in the IHDR chunk: refuse a huge image before inflating it.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const large = tooLarge(width, height);
  if (large !== undefined) return large;
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, rgba: png.data };
}

function decodeJpeg(bytes: Buffer): RgbaImage | DecodeProblem {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_INPUT_PIXELS / 1_000_000,
    maxMemoryUsageInMB: 256,
  });
  return { width: image.width, height: image.height, rgba: image.data };
}

/**
 * Decodes a PNG or JPEG (told apart by their signatures, not by the MIME
 * type they came with) into RGBA pixels. WebP and anything else is a
 * `unsupported` problem; bytes that do not decode, an `invalid_request` one.
 */
export function decodeImage(base64: string): RgbaImage | DecodeProblem {
  const bytes = Buffer.from(base64, 'base64');
  const isPng = bytes.length > 24 && startsWith(bytes, PNG_SIGNATURE);
  const isJpeg = startsWith(bytes, JPEG_SIGNATURE);
  if (!isPng && !isJpeg) {
    const webp =
      startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
    return {
      code: 'unsupported',
      problem: webp
        ? 'it is WebP; the local model reads PNG and JPEG'
        : 'it is neither PNG nor JPEG',
    };
  }
  try {
    return isPng ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (error) {
    return {
      code: 'invalid_request',
      problem: `it does not decode as ${isPng ? 'PNG' : 'JPEG'} (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** Whether a decode gave a problem rather than pixels. */
export function isDecodeProblem(
  value: RgbaImage | DecodeProblem,
): value is DecodeProblem {
  return 'problem' in value;
}
