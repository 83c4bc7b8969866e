/** The inline image formats the result check can read. */
export const IMAGE_MIME_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** The file extension an image of each format gets (`image-01.jpg`), for uploads and archives. */
export const IMAGE_EXTENSIONS: Readonly<Record<ImageMimeType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** What the first and last bytes of an image say about it. */
export interface ImageHeader {
  mimeType: ImageMimeType;
  /** From the header, when it is within the bytes read. */
  width?: number;
  height?: number;
}

/** Bytes read from the start of an image (a JPEG's frame header is usually well within). */
const HEAD_BYTES = 48 * 1024;
/** Bytes read from the end, where the end markers are. */
const TAIL_BYTES = 48;
/** A character that is not base64: the one check that reads the whole text (~2.5 ms per MB). */
const NOT_BASE64 = /[^A-Za-z0-9+/]/;

/**
 * Checks inline base64 image data without decoding its pixels: the text is
 * base64, the first bytes are a PNG, JPEG, WebP or GIF header whose
 * structure holds, and the last bytes are that format's end (so a cut image
 * fails). Decodes only the head and the tail, so it costs little even for a
 * large image. Returns the format and size, or what is wrong.
 */
export function inspectBase64Image(base64: string): ImageHeader | string {
  if (base64.length === 0) return 'the base64 data is empty';
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if (
    NOT_BASE64.test(base64.slice(0, base64.length - padding)) ||
    base64.length % 4 === 1
  ) {
    return 'the data is not base64';
  }
  const total = Math.floor((base64.length * 3) / 4) - padding;
  const headChars = Math.min(base64.length, (HEAD_BYTES / 3) * 4);
  const head = Buffer.from(base64.slice(0, headChars), 'base64');
  // Start the tail on a 4-character boundary, so it decodes alone.
  const tailChars = Math.ceil(TAIL_BYTES / 3) * 4;
  const tailStart = Math.max(
    0,
    Math.floor((base64.length - tailChars) / 4) * 4,
  );
  const tail = Buffer.from(base64.slice(tailStart), 'base64');
  return inspectImageBytes({ head, tail, total });
}

/**
 * Checks an image from its first bytes (`head`), its last bytes (`tail`)
 * and its length in bytes. See {@link inspectBase64Image}.
 */
export function inspectImageBytes(bytes: {
  head: Uint8Array;
  tail: Uint8Array;
  total: number;
}): ImageHeader | string {
  const head = Buffer.from(
    bytes.head.buffer,
    bytes.head.byteOffset,
    bytes.head.byteLength,
  );
  const tail = Buffer.from(
    bytes.tail.buffer,
    bytes.tail.byteOffset,
    bytes.tail.byteLength,
  );
  switch (imageTypeOf(head)) {
    case 'image/png':
      return inspectPng(head, tail);
    case 'image/jpeg':
      return inspectJpeg(head, tail);
    case 'image/webp':
      return inspectWebp(head, bytes.total);
    case 'image/gif':
      return inspectGif(head, tail);
    case undefined:
      return 'the bytes are not a PNG, JPEG, WebP or GIF image';
  }
}

/**
 * The image type an image's first bytes show by their signature alone (PNG,
 * JPEG, WebP or GIF), or undefined for anything else. Checks no structure:
 * see {@link inspectImageBytes} for that.
 */
export function imageTypeOf(head: Uint8Array): ImageMimeType | undefined {
  const text = (start: number, end: number) =>
    Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString(
      'latin1',
      start,
      end,
    );
  if (startsWith(head, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'image/webp';
  const gif = text(0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'image/gif';
  return undefined;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IEND chunk's type and its fixed CRC. */
const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

function inspectPng(head: Buffer, tail: Buffer): ImageHeader | string {
  if (
    head.length < 33 ||
    head.readUInt32BE(8) !== 13 ||
    head.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    return 'the PNG has no image header (IHDR)';
  }
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  if (width === 0 || height === 0) return 'the PNG header gives a 0 size';
  if (indexOf(tail, PNG_END) === -1) {
    return 'the PNG is cut short (no IEND chunk at its end)';
  }
  return { mimeType: 'image/png', width, height };
}

function inspectJpeg(head: Buffer, tail: Buffer): ImageHeader | string {
  if (indexOf(tail, [0xff, 0xd9]) === -1) {
    return 'the JPEG is cut short (no end-of-image marker)';
  }
  let offset = 2;
  while (offset + 4 <= head.length) {
    if (head[offset] !== 0xff) return 'the JPEG segments are broken';
    const marker = head[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) {
      return 'the JPEG has no frame header before its data';
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    const length = head.readUInt16BE(offset + 2);
    if (length < 2) return 'the JPEG segments are broken';
    if (isStartOfFrame(marker)) {
      if (offset + 9 > head.length) break;
      const height = head.readUInt16BE(offset + 5);
      const width = head.readUInt16BE(offset + 7);
      if (width === 0 || height === 0) return 'the JPEG header gives a 0 size';
      return { mimeType: 'image/jpeg', width, height };
    }
    offset += 2 + length;
  }
  // The frame header lies beyond the bytes read: the size stays unknown.
  return { mimeType: 'image/jpeg' };
}

/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return (
    marker >= 0xc0 &&
    marker <= 0xcf &&
    marker !== 0xc4 &&
    marker !== 0xc8 &&
    marker !== 0xcc
  );
}

function inspectWebp(head: Buffer, total: number): ImageHeader | string {
  if (head.length < 30) return 'the WebP is too short for its header';
  const riffSize = head.readUInt32LE(4);
  if (riffSize + 8 > total) {
    return `the WebP is cut short (${total} of ${riffSize + 8} bytes)`;
  }
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8X') {
    return {
      mimeType: 'image/webp',
      width: 1 + head.readUIntLE(24, 3),
      height: 1 + head.readUIntLE(27, 3),
    };
  }
  if (chunk === 'VP8L') {
    if (head[20] !== 0x2f) return 'the lossless WebP header is broken';
    const bits = head.readUInt32LE(21);
    return {
      mimeType: 'image/webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
    };
  }
  if (chunk === 'VP8 ') {
    if (!startsWith(head.subarray(23), [0x9d, 0x01, 0x2a])) {
      return 'the lossy WebP header is broken';
    }
    const width = head.readUInt16LE(26) & 0x3fff;
    const height = head.readUInt16LE(28) & 0x3fff;
    if (width === 0 || height === 0) return 'the WebP header gives a 0 size';
    return { mimeType: 'image/webp', width, height };
  }
  return 'the WebP has no VP8, VP8L or VP8X chunk';
}

function inspectGif(head: Buffer, tail: Buffer): ImageHeader | string {
  if (head.length < 13) return 'the GIF is too short for its header';
  const width = head.readUInt16LE(6);
  const height = head.readUInt16LE(8);
  if (width === 0 || height === 0) return 'the GIF header gives a 0 size';
  if (tail.at(-1) !== 0x3b) return 'the GIF is cut short (no trailer)';
  return { mimeType: 'image/gif', width, height };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

function indexOf(bytes: Buffer, needle: number[]): number {
  return bytes.indexOf(Buffer.from(needle));
}
