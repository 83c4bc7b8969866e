import { crc32, deflateSync } from 'node:zlib';
import { ascii, u16be, u32be, join, type Part } from './bytes';

function pngChunk(type: string, data: Part): Buffer {
  const body = join(ascii(type), data);
  return join(u32be(body.length - 4), body, u32be(crc32(body)));
}

/**
 * An APNG: RGB 8-bit, `frames` frames of `delayMs` each (the first is also
 * the default image, in IDAT; the rest in fdAT), looping forever.
 */
export function apngBytes(options: {
  width: number;
  height: number;
  frames: number;
  delayMs: number;
}): Uint8Array {
  const { width, height, frames, delayMs } = options;
  const parts: Part[] = [
    [0x89, ...ascii('PNG\r\n\x1a\n')],
    pngChunk('IHDR', join(u32be(width), u32be(height), [8, 2, 0, 0, 0])),
    pngChunk('acTL', join(u32be(frames), u32be(0))),
  ];
  let sequence = 0;
  for (let frame = 0; frame < frames; frame += 1) {
    const control = join(
      u32be(sequence++),
      u32be(width),
      u32be(height),
      u32be(0),
      u32be(0),
      u16be(delayMs),
      u16be(1000),
      [0, 0],
    );
    parts.push(pngChunk('fcTL', control));
    const rows = Array.from({ length: height }, (_, y) => [
      0,
      ...Array.from(
        { length: width * 3 },
        (_, x) => (x * 7 + y * 13 + frame * 50) & 0xff,
      ),
    ]);
    const image = deflateSync(Buffer.from(rows.flat()));
    parts.push(
      frame === 0
        ? pngChunk('IDAT', image)
        : pngChunk('fdAT', join(u32be(sequence++), image)),
    );
  }
  parts.push(pngChunk('IEND', []));
  return join(...parts);
}
