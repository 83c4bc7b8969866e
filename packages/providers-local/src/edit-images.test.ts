import {
  SwitchyardError,
  type ImageRequest,
  type ReferenceImage,
} from '@switchyard/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocal } from './index';

const model = createLocal().imageModel('procedural');
const WIDTH = 96;
const HEIGHT = 64;

function decode(base64: string | undefined): PNG {
  return PNG.sync.read(Buffer.from(base64 ?? '', 'base64'));
}

/** A PNG (RGBA) drawn pixel by pixel. */
function png(options: {
  width: number;
  height: number;
  pixel: (x: number, y: number) => [number, number, number, number];
}): string {
  const image = new PNG({ width: options.width, height: options.height });
  for (let y = 0; y < options.height; y += 1) {
    for (let x = 0; x < options.width; x += 1) {
      image.data.set(options.pixel(x, y), (y * options.width + x) * 4);
    }
  }
  return PNG.sync.write(image).toString('base64');
}

/** Share of pixels whose RGB differ between two decoded images of one size. */
function changedShare(
  before: PNG,
  after: PNG,
  where: (x: number) => boolean = () => true,
) {
  let changed = 0;
  let counted = 0;
  for (let y = 0; y < after.height; y += 1) {
    for (let x = 0; x < after.width; x += 1) {
      if (!where(x)) continue;
      counted += 1;
      const at = (y * after.width + x) * 4;
      const differs = [0, 1, 2].some(
        (channel) => before.data[at + channel] !== after.data[at + channel],
      );
      if (differs) changed += 1;
    }
  }
  return changed / counted;
}

async function edit(request: Partial<ImageRequest>) {
  return model.generate({ prompt: 'make it dreamy', seed: 3, ...request }, {});
}

async function failureCode(request: Partial<ImageRequest>): Promise<string> {
  return edit(request).then(
    () => 'succeeded',
    (error: unknown) =>
      SwitchyardError.isInstance(error) ? error.code : String(error),
  );
}

describe('the procedural model editing a reference image', () => {
  let reference: ReferenceImage & { base64: string };
  beforeAll(async () => {
    const drawn = await model.generate(
      { prompt: 'a red fox', width: WIDTH, height: HEIGHT, seed: 1 },
      {},
    );
    reference = {
      base64: drawn.images[0]?.base64 ?? '',
      mimeType: 'image/png',
    };
  });

  it('should say it edits, with a mask, up to four references', () => {
    expect(model.capabilities).toMatchObject({
      referenceImages: true,
      maxReferenceImages: 4,
      mask: true,
    });
  });

  it('should visibly transform the reference and keep its size', async () => {
    const result = await edit({ referenceImages: [reference] });
    const edited = decode(result.images[0]?.base64);
    expect([edited.width, edited.height]).toEqual([WIDTH, HEIGHT]);
    expect(result.images[0]).toMatchObject({ width: WIDTH, height: HEIGHT });
    expect(changedShare(decode(reference.base64), edited)).toBeGreaterThan(0.9);
  });

  it('should draw the edit at the size asked for', async () => {
    const result = await edit({
      referenceImages: [reference],
      width: 48,
      height: 40,
    });
    const edited = decode(result.images[0]?.base64);
    expect([edited.width, edited.height]).toEqual([48, 40]);
  });

  it('should change only the pixels a transparent mask marks', async () => {
    // OpenAI's convention: transparent pixels (here the left half) are repainted.
    const mask = png({
      width: WIDTH,
      height: HEIGHT,
      pixel: (x) => [0, 0, 0, x < WIDTH / 2 ? 0 : 255],
    });
    const result = await edit({
      referenceImages: [reference],
      mask: { base64: mask, mimeType: 'image/png' },
    });
    const before = decode(reference.base64);
    const after = decode(result.images[0]?.base64);
    expect(changedShare(before, after, (x) => x < WIDTH / 2)).toBeGreaterThan(
      0.9,
    );
    expect(changedShare(before, after, (x) => x >= WIDTH / 2)).toBe(0);
  });

  it('should change only the white pixels of an opaque black-and-white mask', async () => {
    const mask = png({
      width: WIDTH,
      height: HEIGHT,
      pixel: (x) => (x >= WIDTH / 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]),
    });
    const result = await edit({
      referenceImages: [reference],
      mask: { url: `data:image/png;base64,${mask}` },
    });
    const before = decode(reference.base64);
    const after = decode(result.images[0]?.base64);
    expect(changedShare(before, after, (x) => x < WIDTH / 2)).toBe(0);
    expect(changedShare(before, after, (x) => x >= WIDTH / 2)).toBeGreaterThan(
      0.9,
    );
  });

  it('should read a JPEG reference and a data: URL', async () => {
    const pixels = decode(reference.base64);
    const jpegBase64 = jpeg
      .encode({ data: pixels.data, width: WIDTH, height: HEIGHT }, 90)
      .data.toString('base64');
    const results = await Promise.all([
      edit({
        referenceImages: [{ base64: jpegBase64, mimeType: 'image/jpeg' }],
      }),
      edit({
        referenceImages: [{ url: `data:image/png;base64,${reference.base64}` }],
      }),
      edit({ referenceImages: [reference] }),
    ]);
    const [fromJpeg, fromDataUrl, fromBase64] = results.map(
      (result) => result.images[0],
    );
    expect(fromJpeg).toMatchObject({ width: WIDTH, height: HEIGHT });
    expect(fromDataUrl?.base64).toBe(fromBase64?.base64);
  });

  it('should follow the prompt, the seed and the other references', async () => {
    const solid = (color: [number, number, number, number]) => ({
      base64: png({ width: 8, height: 8, pixel: () => color }),
      mimeType: 'image/png' as const,
    });
    const variants: Array<Partial<ImageRequest>> = [
      { referenceImages: [reference] },
      { referenceImages: [reference], seed: 4 },
      { referenceImages: [reference], prompt: 'make it stormy' },
      { referenceImages: [reference, solid([255, 0, 0, 255])] },
      { referenceImages: [reference, solid([0, 0, 255, 255])] },
    ];
    const images = await Promise.all(
      variants.map(async (request) => (await edit(request)).images[0]?.base64),
    );
    expect(new Set(images).size).toBe(variants.length);
    const again = await edit({ referenceImages: [reference] });
    expect(again.images[0]?.base64).toBe(images[0]);
  });

  it('should refuse, offline, what it cannot read', async () => {
    const webp = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ').toString(
      'base64',
    );
    const codes = await Promise.all([
      failureCode({
        referenceImages: [{ url: 'https://example.com/fox.png' }],
      }),
      failureCode({
        referenceImages: [{ base64: webp, mimeType: 'image/webp' }],
      }),
      failureCode({
        referenceImages: [
          {
            base64: Buffer.concat([
              Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
              Buffer.alloc(24, 7),
            ]).toString('base64'),
            mimeType: 'image/png',
          },
        ],
      }),
      failureCode({
        referenceImages: Array.from({ length: 5 }, () => reference),
      }),
      failureCode({ mask: reference }),
    ]);
    expect(codes).toEqual([
      'unsupported',
      'unsupported',
      'invalid_request',
      'invalid_request',
      'invalid_request',
    ]);
  });
});
