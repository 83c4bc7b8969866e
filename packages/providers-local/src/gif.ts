import { createRequire } from 'node:module';

/** The part of gifenc's API this module uses (gifenc ships no types). */
interface Gifenc {
  GIFEncoder(): {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      options: { palette: number[][]; delay: number; repeat?: number },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
  };
  quantize(
    rgba: Uint8Array,
    maxColors: number,
    options?: { format: 'rgb444' },
  ): number[][];
  applyPalette(
    rgba: Uint8Array,
    palette: number[][],
    format?: 'rgb444',
  ): Uint8Array;
}

// gifenc is CommonJS whose named exports Node's ESM loader cannot see:
// `require` gives the same object from source, from dist and in a worker.
const gifenc = createRequire(import.meta.url)('gifenc') as Gifenc;

/** What {@link encodeGif} writes: RGB frames (3 bytes a pixel) and how long each shows. */
export interface GifInput {
  width: number;
  height: number;
  /** The frames, in order (a generator keeps one in memory at a time). */
  frames: Iterable<Uint8Array>;
  /** How long each frame shows, in hundredths of a second (GIF's unit), one per frame. */
  delaysCs: number[];
}

function toRgba(rgb: Uint8Array): Uint8Array {
  const rgba = new Uint8Array((rgb.length / 3) * 4);
  for (let from = 0, to = 0; from < rgb.length; from += 3, to += 4) {
    rgba[to] = rgb[from] ?? 0;
    rgba[to + 1] = rgb[from + 1] ?? 0;
    rgba[to + 2] = rgb[from + 2] ?? 0;
    rgba[to + 3] = 255;
  }
  return rgba;
}

/**
 * Encodes RGB frames as an animated GIF that loops forever, with gifenc:
 * each frame gets its own 256-colour palette (the first is the global one),
 * so colours hold up as the scene's hues shift.
 */
export function encodeGif(input: GifInput): Buffer {
  const encoder = gifenc.GIFEncoder();
  let index = 0;
  for (const frame of input.frames) {
    const rgba = toRgba(frame);
    // 4 bits a channel while choosing the palette: a quarter of the time of
    // rgb565, and smooth gradients hardly show it.
    const palette = gifenc.quantize(rgba, 256, { format: 'rgb444' });
    // gifenc takes milliseconds and rounds them to hundredths.
    const delay = (input.delaysCs[index] ?? 0) * 10;
    encoder.writeFrame(
      gifenc.applyPalette(rgba, palette, 'rgb444'),
      input.width,
      input.height,
      { palette, delay, ...(index === 0 ? { repeat: 0 } : {}) },
    );
    index += 1;
  }
  encoder.finish();
  return Buffer.from(encoder.bytes());
}
