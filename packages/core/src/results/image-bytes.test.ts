import { describe, expect, it } from 'vitest';
import {
  imageTypeOf,
  inspectBase64Image,
  type ImageHeader,
} from './image-bytes';
import {
  GIF_1X1,
  JPEG_HEADER,
  PNG_16X16,
  WEBP_LOSSLESS_1X1,
  WEBP_LOSSY_1X1,
  WEBP_EXTENDED_1X1,
  jpegBytes,
} from '../__tests__/image-samples';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (data: string) => Buffer.from(data, 'base64');
/** The image without its last `count` bytes. */
const cut = (data: string, count: number) =>
  base64(bytesOf(data).subarray(0, -count));

describe('inspectBase64Image', () => {
  it.each<[string, string, ImageHeader]>([
    ['a PNG', PNG_16X16, { mimeType: 'image/png', width: 16, height: 16 }],
    [
      'a JPEG',
      JPEG_HEADER,
      { mimeType: 'image/jpeg', width: 640, height: 480 },
    ],
    [
      'a JPEG whose frame header lies past the bytes read',
      base64(jpegBytes({ width: 8, height: 8, paddingBytes: 70_000 })),
      { mimeType: 'image/jpeg' },
    ],
    ['a GIF', GIF_1X1, { mimeType: 'image/gif', width: 1, height: 1 }],
    [
      'a lossy WebP',
      WEBP_LOSSY_1X1,
      { mimeType: 'image/webp', width: 1, height: 1 },
    ],
    [
      'a lossless WebP',
      WEBP_LOSSLESS_1X1,
      { mimeType: 'image/webp', width: 1, height: 1 },
    ],
    [
      'an extended WebP',
      WEBP_EXTENDED_1X1,
      { mimeType: 'image/webp', width: 1, height: 1 },
    ],
    [
      'a PNG without its padding',
      PNG_16X16.replace(/=+$/, ''),
      { mimeType: 'image/png', width: 16, height: 16 },
    ],
  ])('should read %s', (_name, data, header) => {
    expect(inspectBase64Image(data)).toEqual(header);
  });

  it.each<[string, string, RegExp]>([
    ['empty data', '', /empty/],
    ['text that is not base64', 'not base64!', /not base64/],
    [
      'base64 one character too long',
      `${PNG_16X16.replace(/=+$/, '')}AB`,
      /not base64/,
    ],
    ['plain text', base64(Buffer.from('hello, world')), /not a PNG/],
    ['a PNG signature alone', 'iVBORw0KGgo=', /IHDR/],
    ['a cut PNG', cut(PNG_16X16, 12), /cut short/],
    ['a cut JPEG', cut(JPEG_HEADER, 2), /cut short/],
    ['a cut GIF', cut(GIF_1X1, 1), /cut short/],
    ['a cut WebP', cut(WEBP_LOSSY_1X1, 4), /cut short/],
    [
      'a JPEG with a broken segment',
      base64(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00, 0xff, 0xd9])),
      /broken/,
    ],
    [
      'a JPEG with data before any frame header',
      base64(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9])),
      /no frame header/,
    ],
    [
      'a PNG of 0×0',
      base64(
        Buffer.concat([
          bytesOf(PNG_16X16).subarray(0, 16),
          Buffer.alloc(8),
          bytesOf(PNG_16X16).subarray(24),
        ]),
      ),
      /0 size/,
    ],
    [
      'a RIFF file that is not WebP',
      base64(Buffer.from('RIFF\u0004\u0000\u0000\u0000WAVEfmt ', 'latin1')),
      /not a PNG/,
    ],
  ])('should refuse %s', (_name, data, problem) => {
    const header = inspectBase64Image(data);
    expect(typeof header).toBe('string');
    expect(header).toMatch(problem);
  });
});

describe('imageTypeOf', () => {
  it.each([
    ['a PNG', PNG_16X16, 'image/png'],
    ['a JPEG', JPEG_HEADER, 'image/jpeg'],
    ['a WebP', WEBP_LOSSY_1X1, 'image/webp'],
    ['a GIF', GIF_1X1, 'image/gif'],
  ])('should tell %s by its signature', (_name, data, type) => {
    expect(imageTypeOf(bytesOf(data))).toBe(type);
  });

  it('should need only the signature, and know nothing else', () => {
    expect(imageTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe(
      'image/jpeg',
    );
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WEBP'))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined();
    expect(imageTypeOf(Buffer.from('not an image'))).toBeUndefined();
    expect(imageTypeOf(new Uint8Array())).toBeUndefined();
  });
});
