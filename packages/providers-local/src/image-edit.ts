import {
  decodeImage,
  isDecodeProblem,
  type DecodeProblem,
  type RgbaImage,
} from './image-decode';
import {
  encodeRgbPng,
  paintDisc,
  randomColor,
  type Color,
} from './procedural-image';
import { hashText, seededRandom } from './random';

/** The largest side the local model draws (as the procedural model). */
const MAX_SIDE = 2048;
/** How far edited pixels move toward the tint colour. */
const TINT_SHARE = 0.4;
/** Levels per channel after posterizing. */
const POSTER_LEVELS = 4;

/** What {@link editImage} takes: inline images only (the model resolves data: URLs). */
export interface EditOptions {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  /** Base64 of each reference: the first is edited, the others lend their colours. */
  references: string[];
  /** Base64 of the mask: where to edit (see {@link editableMask}). */
  mask?: string;
  width?: number;
  height?: number;
}

/** An edited PNG, or why the inputs could not be edited. */
export type EditOutcome =
  | {
      ok: true;
      base64: string;
      width: number;
      height: number;
      scaledDown: boolean;
    }
  | ({ ok: false } & DecodeProblem);

/** Nearest-neighbour resample of RGBA pixels, alpha flattened over white, to RGB. */
function resampleRgb(image: RgbaImage, width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const sourceY = Math.min(
      image.height - 1,
      Math.floor((y * image.height) / height),
    );
    for (let x = 0; x < width; x += 1) {
      const sourceX = Math.min(
        image.width - 1,
        Math.floor((x * image.width) / width),
      );
      const from = (sourceY * image.width + sourceX) * 4;
      const alpha = (image.rgba[from + 3] ?? 255) / 255;
      const to = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel += 1) {
        const value = image.rgba[from + channel] ?? 0;
        pixels[to + channel] = Math.round(value * alpha + 255 * (1 - alpha));
      }
    }
  }
  return pixels;
}

/**
 * Which output pixels the edit may change, by OpenAI's convention for a mask
 * with transparency (transparent pixels, alpha below half, are repainted)
 * and the usual one for an opaque mask (white pixels, luminance at least
 * half, are repainted). Resampled to the output size.
 */
export function editableMask(
  mask: RgbaImage,
  width: number,
  height: number,
): Uint8Array {
  let transparent = false;
  for (let index = 3; index < mask.rgba.length; index += 4) {
    if ((mask.rgba[index] ?? 255) < 255) transparent = true;
  }
  const editable = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const sourceY = Math.min(
      mask.height - 1,
      Math.floor((y * mask.height) / height),
    );
    for (let x = 0; x < width; x += 1) {
      const sourceX = Math.min(
        mask.width - 1,
        Math.floor((x * mask.width) / width),
      );
      const from = (sourceY * mask.width + sourceX) * 4;
      const [red = 0, green = 0, blue = 0, alpha = 255] = mask.rgba.subarray(
        from,
        from + 4,
      );
      const luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
      editable[y * width + x] = (transparent ? alpha < 128 : luminance >= 128)
        ? 1
        : 0;
    }
  }
  return editable;
}

/** The mean colour of an image, sampled on a grid of at most 64×64 pixels. */
function meanColor(image: RgbaImage): Color {
  const stepX = Math.max(1, Math.floor(image.width / 64));
  const stepY = Math.max(1, Math.floor(image.height / 64));
  const sum = { red: 0, green: 0, blue: 0, count: 0 };
  for (let y = 0; y < image.height; y += stepY) {
    for (let x = 0; x < image.width; x += stepX) {
      const from = (y * image.width + x) * 4;
      sum.red += image.rgba[from] ?? 0;
      sum.green += image.rgba[from + 1] ?? 0;
      sum.blue += image.rgba[from + 2] ?? 0;
      sum.count += 1;
    }
  }
  const mean = (total: number) => Math.round(total / Math.max(1, sum.count));
  return { red: mean(sum.red), green: mean(sum.green), blue: mean(sum.blue) };
}

/** The average of colours. */
function averageColor(colors: Color[]): Color {
  const mean = (channel: keyof Color) =>
    Math.round(
      colors.reduce((sum, color) => sum + color[channel], 0) / colors.length,
    );
  return { red: mean('red'), green: mean('green'), blue: mean('blue') };
}

/** The output size: the request's, else the reference's, scaled to fit 2048 on the long side. */
function outputSize(options: EditOptions, base: RgbaImage) {
  const width = options.width ?? base.width;
  const height = options.height ?? base.height;
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scaledDown: scale < 1,
  };
}

/** Posterizes and tints every pixel, then paints the prompt's seeded discs. */
function transform(
  pixels: Buffer,
  options: { width: number; height: number; tint: Color; random: () => number },
): Buffer {
  const { width, height, tint, random } = options;
  const edited = Buffer.alloc(pixels.length);
  const tintChannels = [tint.red, tint.green, tint.blue];
  for (let index = 0; index < pixels.length; index += 1) {
    const step = 255 / (POSTER_LEVELS - 1);
    const poster = Math.round((pixels[index] ?? 0) / step) * step;
    const target = tintChannels[index % 3] ?? 0;
    edited[index] = Math.round(poster * (1 - TINT_SHARE) + target * TINT_SHARE);
  }
  const discs = 2 + Math.floor(random() * 4);
  for (let disc = 0; disc < discs; disc += 1) {
    paintDisc(edited, {
      width,
      height,
      centerX: random() * width,
      centerY: random() * height,
      radius: (0.08 + random() * 0.2) * Math.min(width, height),
      color: randomColor(random),
      opacity: 0.3 + random() * 0.3,
    });
  }
  return edited;
}

/**
 * Edits the first reference image: posterized, tinted toward a colour from
 * the prompt and seed (or, given more references, toward their mean
 * colour) with the prompt's seeded translucent discs on top. Keeps the
 * reference's size unless the request gives one. With a mask, only the
 * pixels it marks change; the rest keep the reference's exact colours.
 */
export function editImage(options: EditOptions): EditOutcome {
  const decoded = options.references.map((reference) => decodeImage(reference));
  const mask =
    options.mask === undefined ? undefined : decodeImage(options.mask);
  const problem = [...decoded, ...(mask === undefined ? [] : [mask])].find(
    isDecodeProblem,
  );
  if (problem !== undefined) return { ok: false, ...problem };
  const [base, ...others] = decoded as RgbaImage[];
  if (base === undefined) {
    return {
      ok: false,
      code: 'invalid_request',
      problem: 'there is no image to edit',
    };
  }
  const { width, height, scaledDown } = outputSize(options, base);
  const random = seededRandom(
    hashText(
      `${options.prompt}\u0000${options.negativePrompt ?? ''}`,
      options.seed,
    ),
  );
  const drawn = randomColor(random);
  const tint =
    others.length === 0 ? drawn : averageColor(others.map(meanColor));
  const original = resampleRgb(base, width, height);
  const edited = transform(original, { width, height, tint, random });
  if (mask !== undefined) {
    const editable = editableMask(mask as RgbaImage, width, height);
    for (let pixel = 0; pixel < editable.length; pixel += 1) {
      if (editable[pixel] === 1) continue;
      original.copy(edited, pixel * 3, pixel * 3, pixel * 3 + 3);
    }
  }
  const png = encodeRgbPng({ pixels: edited, width, height });
  return {
    ok: true,
    base64: png.toString('base64'),
    width,
    height,
    scaledDown,
  };
}
