import { ascii, u16le, join, type Part } from './bytes';

/** A 4-colour palette, shifted per table so frames differ. */
const palette = (shift: number) =>
  [0, 1, 2, 3].flatMap((index) => [
    (index * 80 + shift) & 0xff,
    (index * 40) & 0xff,
    (255 - index * 60) & 0xff,
  ]);

/**
 * LZW codes for 2-bit pixels at a fixed 3-bit code size: a clear code
 * before every two pixels keeps the decoder's table from growing.
 */
function lzw(pixels: number[]): Buffer {
  const codes: number[] = [];
  for (let index = 0; index < pixels.length; index += 2) {
    codes.push(4, ...pixels.slice(index, index + 2));
  }
  codes.push(5);
  const packed: number[] = [];
  let bits = 0;
  let count = 0;
  for (const code of codes) {
    bits |= code << count;
    count += 3;
    while (count >= 8) {
      packed.push(bits & 0xff);
      bits >>= 8;
      count -= 8;
    }
  }
  if (count > 0) packed.push(bits & 0xff);
  const blocks: number[] = [];
  for (let index = 0; index < packed.length; index += 255) {
    const block = packed.slice(index, index + 255);
    blocks.push(block.length, ...block);
  }
  return Buffer.from([...blocks, 0]);
}

/**
 * An animated GIF89a: a global palette, a looping (NETSCAPE2.0) extension,
 * then per frame a Graphic Control Extension with `delayCs` and a full-size
 * image (odd frames carry a local colour table).
 */
export function gifBytes(options: {
  width: number;
  height: number;
  frames: number;
  delayCs: number;
}): Uint8Array {
  const { width, height, frames, delayCs } = options;
  const parts: Part[] = [
    ascii('GIF89a'),
    [...u16le(width), ...u16le(height), 0x91, 0, 0],
    palette(0),
    [0x21, 0xff, 11, ...ascii('NETSCAPE2.0'), 3, 1, 0, 0, 0],
  ];
  for (let frame = 0; frame < frames; frame += 1) {
    const local = frame % 2 === 1;
    const pixels = Array.from(
      { length: width * height },
      (_, index) => ((index % width) + Math.floor(index / width) + frame) % 4,
    );
    parts.push(
      [0x21, 0xf9, 4, 0, ...u16le(delayCs), 0, 0],
      [0x2c, 0, 0, 0, 0, ...u16le(width), ...u16le(height)],
      [local ? 0x81 : 0],
      local ? palette(frame * 16) : [],
      [2],
      lzw(pixels),
    );
  }
  parts.push([0x3b]);
  return join(...parts);
}
