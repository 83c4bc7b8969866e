import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error';
import type { TextStreamPart } from '../provider/contract';
import {
  checkedTextStream,
  checkImageResult,
  checkTextResult,
} from './check-result';
import {
  GIF_1X1,
  JPEG_HEADER,
  PNG_16X16,
  WEBP_LOSSY_1X1,
} from '../__tests__/image-samples';

const png = { base64: PNG_16X16, mimeType: 'image/png' };
const hosted = { url: 'https://cdn.example/fox.png', mimeType: 'image/png' };

function refusal(check: () => unknown): SwitchyardError {
  try {
    check();
  } catch (error) {
    if (SwitchyardError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the result check to refuse');
}

const IMAGE_REFUSALS: Array<[string, unknown, number | undefined, RegExp]> = [
  ['no result', undefined, 1, /no list of images/],
  ['zero images', { images: [], warnings: [] }, 1, /no image/],
  ['fewer than asked', { images: [png] }, 3, /1 image\(s\) where 3/],
  [
    'an image with neither data nor a URL',
    { images: [{ mimeType: 'image/png' }] },
    1,
    /neither base64 data nor a URL/,
  ],
  [
    'empty base64 data',
    { images: [{ base64: '', mimeType: 'image/png' }] },
    1,
    /empty/,
  ],
  [
    'a cut PNG',
    { images: [{ base64: PNG_16X16.slice(0, 80), mimeType: 'image/png' }] },
    1,
    /cut short/,
  ],
  [
    'bytes that are not an image',
    { images: [{ base64: 'aGVsbG8gd29ybGQ=', mimeType: 'image/png' }] },
    1,
    /not a PNG, JPEG, WebP or GIF/,
  ],
  [
    'a URL that is not one',
    { images: [{ url: 'not a url', mimeType: 'image/png' }] },
    1,
    /not a valid absolute URL/,
  ],
  [
    'a file URL',
    { images: [{ url: 'file:///etc/passwd', mimeType: 'image/png' }] },
    1,
    /file: where http\(s\)/,
  ],
  [
    'a media type that is not an image',
    { images: [{ ...hosted, mimeType: 'text/html' }] },
    1,
    /not an image type/,
  ],
  [
    'a negative width',
    { images: [{ ...hosted, width: -4, height: 4 }] },
    1,
    /its width is missing or of the wrong type/,
  ],
  [
    'malformed warnings',
    { images: [png], warnings: 'careful' },
    1,
    /warnings are malformed/,
  ],
];

describe('checkImageResult', () => {
  const check = (result: unknown, n?: number, maxImagesPerCall = 4) =>
    checkImageResult({
      result,
      request: { n },
      capabilities: { maxImagesPerCall },
      provider: 'acme',
    });

  it.each<[string, unknown, number | undefined]>([
    ['an inline PNG', { images: [png], warnings: [] }, undefined],
    [
      'an inline JPEG',
      { images: [{ base64: JPEG_HEADER, mimeType: 'image/jpeg' }] },
      1,
    ],
    [
      'an inline GIF and WebP',
      {
        images: [
          { base64: GIF_1X1, mimeType: 'image/gif' },
          { base64: WEBP_LOSSY_1X1, mimeType: 'image/webp' },
        ],
      },
      2,
    ],
    ['a hosted image', { images: [hosted], warnings: [] }, 1],
    [
      'a data URL',
      {
        images: [
          { url: `data:image/png;base64,${PNG_16X16}`, mimeType: 'image/png' },
        ],
      },
      1,
    ],
    [
      'as many as the model can make when more were asked',
      { images: [hosted, hosted, hosted, hosted] },
      8,
    ],
  ])('should pass %s', (_name, result, n) => {
    expect(() => check(result, n)).not.toThrow();
  });

  it.each<{ name: string; result: unknown; n?: number; problem: RegExp }>(
    IMAGE_REFUSALS.map(([name, result, n, problem]) => ({
      name,
      result,
      n,
      problem,
    })),
  )('should refuse $name as invalid_response', ({ result, n, problem }) => {
    const error = refusal(() => check(result, n));
    expect(error.code).toBe('invalid_response');
    expect(error.provider).toBe('acme');
    expect(error.message).toMatch(problem);
  });

  it('should keep the first n of too many images, with a warning', () => {
    const checked = check({ images: Array(20).fill(png), warnings: [] }, 1);
    expect(checked.images).toHaveLength(1);
    expect(checked.warnings).toEqual([
      expect.objectContaining({ setting: 'n', type: 'other' }),
    ]);
  });

  it("should take an inline image's media type and size from its bytes", () => {
    const checked = check({
      images: [{ base64: JPEG_HEADER, mimeType: 'IMAGE/PNG', width: 1 }],
    });
    expect(checked.images[0]).toMatchObject({
      mimeType: 'image/jpeg',
      width: 640,
      height: 480,
    });
  });
});

describe('checkTextResult', () => {
  const check = (result: unknown) =>
    checkTextResult({ result, provider: 'acme' });
  const answer = { text: 'hi', finishReason: 'stop', usage: {}, warnings: [] };

  it.each<[string, unknown]>([
    ['an answer', answer],
    [
      'an empty answer cut by length',
      { ...answer, text: '', finishReason: 'length' },
    ],
    [
      'whole token counts',
      { ...answer, usage: { inputTokens: 0, outputTokens: 3, totalTokens: 3 } },
    ],
  ])('should pass %s', (_name, result) => {
    expect(() => check(result)).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['no result', null, /not an object/],
    ['no text', { ...answer, text: undefined }, /no text/],
    ['text that is not a string', { ...answer, text: 42 }, /no text/],
    [
      'no finish reason',
      { ...answer, finishReason: undefined },
      /finish reason/,
    ],
    [
      'an unknown finish reason',
      { ...answer, finishReason: 'done' },
      /finish reason "done"/,
    ],
    ['negative tokens', { ...answer, usage: { outputTokens: -1 } }, /usage/],
    ['fractional tokens', { ...answer, usage: { inputTokens: 1.5 } }, /usage/],
    [
      'infinite tokens',
      { ...answer, usage: { inputTokens: Infinity } },
      /usage/,
    ],
    ['NaN tokens', { ...answer, usage: { inputTokens: Number.NaN } }, /usage/],
  ])('should refuse %s as invalid_response', (_name, result, problem) => {
    const error = refusal(() => check(result));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(problem);
  });
});

describe('checkedTextStream', () => {
  const partsOf = (parts: unknown[]): AsyncIterator<TextStreamPart> => {
    let index = 0;
    return {
      next: () =>
        Promise.resolve(
          index < parts.length
            ? { done: false, value: parts[index++] as TextStreamPart }
            : { done: true, value: undefined },
        ),
    };
  };
  const readAll = async (parts: unknown[]) => {
    const stream = checkedTextStream(partsOf(parts), 'acme');
    const read: TextStreamPart[] = [];
    for (;;) {
      const next = await stream.next();
      if (next.done === true) return read;
      read.push(next.value);
    }
  };
  const end = { type: 'text-end', finishReason: 'stop', usage: {} };

  it('should pass deltas and the end, and read nothing past the end', async () => {
    const parts = await readAll([
      { type: 'text-delta', text: 'a' },
      end,
      { type: 'text-delta', text: 'after the end' },
    ]);
    expect(parts).toEqual([{ type: 'text-delta', text: 'a' }, end]);
  });

  it.each<[string, unknown[], RegExp]>([
    [
      'a stream that stops before its end',
      [{ type: 'text-delta', text: 'a' }],
      /before the end/,
    ],
    ['an empty stream', [], /before the end/],
    [
      'an end without a finish reason',
      [{ ...end, finishReason: undefined }],
      /finish reason/,
    ],
    ['a delta without text', [{ type: 'text-delta' }], /no text/],
    [
      'a part of no known type',
      [{ type: 'image' }],
      /neither text nor the end/,
    ],
  ])('should refuse %s as invalid_response', async (_name, parts, problem) => {
    const error = await readAll(parts).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect((error as Error).message).toMatch(problem);
  });
});
