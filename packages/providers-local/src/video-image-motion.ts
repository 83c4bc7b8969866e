import type { RgbaImage } from './image-decode';
import { randomColor } from './procedural-image';
import { hashText, seededRandom } from './random';

/** RGB pixels, 3 bytes each, rows of `width`. */
export interface RgbFrame {
  width: number;
  height: number;
  pixels: Buffer;
}

/** One pixel's RGB, alpha flattened over white. */
function flattened(image: RgbaImage, index: number, channel: number): number {
  const alpha = (image.rgba[index * 4 + 3] ?? 255) / 255;
  return (image.rgba[index * 4 + channel] ?? 0) * alpha + 255 * (1 - alpha);
}

/** Averages the source pixels under each output pixel (shrinking), or samples between them (growing). */
function resampleAxis(source: number, target: number, at: number) {
  const scale = source / target;
  if (scale >= 1) {
    const start = Math.floor(at * scale);
    return { start, end: Math.max(start + 1, Math.floor((at + 1) * scale)) };
  }
  const center = Math.max(0, (at + 0.5) * scale - 0.5);
  return { start: Math.floor(center), end: Math.floor(center) + 1 };
}

/**
 * Scales an RGBA image to `width`×`height` RGB (alpha flattened over
 * white): an area average where it shrinks, nearest where it grows. At the
 * same size it is an exact copy.
 */
export function scaleImage(
  image: RgbaImage,
  width: number,
  height: number,
): RgbFrame {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const rows = resampleAxis(image.height, height, y);
    for (let x = 0; x < width; x += 1) {
      const columns = resampleAxis(image.width, width, x);
      const sums = [0, 0, 0];
      for (let sourceY = rows.start; sourceY < rows.end; sourceY += 1) {
        for (let sourceX = columns.start; sourceX < columns.end; sourceX += 1) {
          const index =
            Math.min(image.height - 1, sourceY) * image.width +
            Math.min(image.width - 1, sourceX);
          for (let channel = 0; channel < 3; channel += 1) {
            sums[channel] =
              (sums[channel] ?? 0) + flattened(image, index, channel);
          }
        }
      }
      const count = (rows.end - rows.start) * (columns.end - columns.start);
      const to = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel += 1) {
        pixels[to + channel] = Math.round((sums[channel] ?? 0) / count);
      }
    }
  }
  return { width, height, pixels };
}

/** Bilinear sample of one channel at a fractional position, clamped to the edges. */
function sample(
  frame: RgbFrame,
  position: { x: number; y: number },
  channel: number,
) {
  const { width, height, pixels } = frame;
  const x = Math.max(0, Math.min(width - 1, position.x));
  const y = Math.max(0, Math.min(height - 1, position.y));
  const left = Math.floor(x);
  const top = Math.floor(y);
  const right = Math.min(width - 1, left + 1);
  const bottom = Math.min(height - 1, top + 1);
  const across = x - left;
  const down = y - top;
  const at = (column: number, row: number) =>
    pixels[(row * width + column) * 3 + channel] ?? 0;
  const upper = at(left, top) * (1 - across) + at(right, top) * across;
  const lower = at(left, bottom) * (1 - across) + at(right, bottom) * across;
  return upper * (1 - down) + lower * down;
}

/**
 * Sets up the motion of an image-to-video clip and returns a painter of its
 * frames: from the first frame (`progress` 0, the image itself) the camera
 * pushes in toward a point while a ripple runs through the picture and a
 * tint from the prompt creeps in. Zoom, drift, ripple and tint are drawn
 * from the prompt and seed. Same input, same pixels.
 */
export function createImageMotion(options: {
  first: RgbFrame;
  prompt: string;
  negativePrompt?: string;
  seed: number;
}): (progress: number) => Buffer {
  const { first } = options;
  const { width, height } = first;
  const random = seededRandom(
    hashText(
      `motion\u0000${options.prompt}\u0000${options.negativePrompt ?? ''}`,
      options.seed,
    ),
  );
  const zoom = 0.12 + random() * 0.16;
  const drift = { x: (random() - 0.5) * 0.16, y: (random() - 0.5) * 0.16 };
  const ripple = {
    amplitude: (0.008 + random() * 0.014) * Math.min(width, height),
    waves: 2 + Math.floor(random() * 3),
    phase: random() * 2 * Math.PI,
  };
  const tint = randomColor(random);
  const tintChannels = [tint.red, tint.green, tint.blue];
  return (progress) => {
    if (progress <= 0) return Buffer.from(first.pixels);
    const eased = progress * progress * (3 - 2 * progress);
    const scale = 1 + zoom * eased;
    // Keep the zoomed window inside the picture.
    const slack = (1 - 1 / scale) / 2;
    const focusX =
      (0.5 + Math.max(-slack, Math.min(slack, drift.x * eased))) * width;
    const focusY =
      (0.5 + Math.max(-slack, Math.min(slack, drift.y * eased))) * height;
    const amplitude = ripple.amplitude * eased;
    const travel = ripple.phase + 4 * Math.PI * progress;
    const tintShare = 0.18 * eased;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y += 1) {
      const waveX =
        amplitude *
        Math.sin((2 * Math.PI * ripple.waves * y) / height + travel);
      for (let x = 0; x < width; x += 1) {
        const waveY =
          amplitude *
          Math.cos((2 * Math.PI * ripple.waves * x) / width + travel);
        const position = {
          x: focusX + (x + 0.5 - width / 2) / scale - 0.5 + waveX,
          y: focusY + (y + 0.5 - height / 2) / scale - 0.5 + waveY,
        };
        const to = (y * width + x) * 3;
        for (let channel = 0; channel < 3; channel += 1) {
          const value = sample(first, position, channel);
          pixels[to + channel] = Math.round(
            value * (1 - tintShare) + (tintChannels[channel] ?? 0) * tintShare,
          );
        }
      }
    }
    return pixels;
  };
}
