import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
]);
const BYTES_PER_PIXEL = 3;
/** zlib's default level: a third smaller than fast levels, for a few ms a frame. */
const DEFLATE_LEVEL = 6;

/** What {@link encodeApng} writes: RGB frames (3 bytes a pixel, rows of `width`) and how long each shows. */
export interface ApngInput {
  width: number;
  height: number;
  /** The frames, in order (a generator keeps one in memory at a time). */
  frames: Iterable<Uint8Array>;
  /** How long each frame shows, in whole milliseconds: one per frame. */
  delaysMs: number[];
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

const cost = (residual: number) => (residual < 128 ? residual : 256 - residual);

/**
 * PNG scanline filtering: each row gets the filter (None, Sub, Up, Paeth)
 * whose residuals are smallest, the usual minimum-sum heuristic. All four
 * are computed in one pass over the row.
 */
export function filterScanlines(
  pixels: Uint8Array,
  width: number,
  height: number,
): Buffer {
  const stride = width * BYTES_PER_PIXEL;
  const out = Buffer.alloc((stride + 1) * height);
  const rows = [0, 1, 2, 3].map(() => new Uint8Array(stride));
  const [none, sub, up, paethRow] = rows as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const types = [0, 1, 2, 4];
  const zero = Buffer.alloc(stride);
  for (let y = 0; y < height; y += 1) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const above =
      y === 0 ? zero : pixels.subarray((y - 1) * stride, y * stride);
    let costNone = 0;
    let costSub = 0;
    let costUp = 0;
    let costPaeth = 0;
    for (let index = 0; index < stride; index += 1) {
      const value = row[index] ?? 0;
      const hasLeft = index >= BYTES_PER_PIXEL;
      const left = hasLeft ? (row[index - BYTES_PER_PIXEL] ?? 0) : 0;
      const upper = above[index] ?? 0;
      const upperLeft = hasLeft ? (above[index - BYTES_PER_PIXEL] ?? 0) : 0;
      const bySub = (value - left) & 0xff;
      const byUp = (value - upper) & 0xff;
      const byPaeth = (value - paeth(left, upper, upperLeft)) & 0xff;
      none[index] = value;
      sub[index] = bySub;
      up[index] = byUp;
      paethRow[index] = byPaeth;
      costNone += cost(value);
      costSub += cost(bySub);
      costUp += cost(byUp);
      costPaeth += cost(byPaeth);
    }
    const costs = [costNone, costSub, costUp, costPaeth];
    let best = 0;
    for (let candidate = 1; candidate < 4; candidate += 1) {
      if ((costs[candidate] ?? 0) < (costs[best] ?? 0)) best = candidate;
    }
    const at = y * (stride + 1);
    out[at] = types[best] ?? 0;
    out.set(rows[best] ?? none, at + 1);
  }
  return out;
}

function frameControl(options: {
  sequence: number;
  width: number;
  height: number;
  delayMs: number;
}): Buffer {
  const data = Buffer.alloc(26);
  data.writeUInt32BE(options.sequence, 0);
  data.writeUInt32BE(options.width, 4);
  data.writeUInt32BE(options.height, 8);
  // x and y offsets 0 (whole frames), then the delay as a fraction of a second.
  data.writeUInt16BE(options.delayMs, 20);
  data.writeUInt16BE(1000, 22);
  // dispose_op none, blend_op source: each frame replaces the canvas whole.
  data.writeUInt8(0, 24);
  data.writeUInt8(0, 25);
  return data;
}

/**
 * Encodes RGB frames as an animated PNG that loops forever: the first frame
 * is also the default image (so a viewer without APNG shows it), every
 * frame covers the whole canvas, and each shows for its own delay.
 */
export function encodeApng(input: ApngInput): Buffer {
  const { width, height, frames } = input;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
  header.set([8, 2, 0, 0, 0], 8);
  const animation = Buffer.alloc(8);
  animation.writeUInt32BE(input.delaysMs.length, 0);
  animation.writeUInt32BE(0, 4);
  const chunks = [chunk('IHDR', header), chunk('acTL', animation)];
  let sequence = 0;
  let index = 0;
  for (const frame of frames) {
    const delayMs = input.delaysMs[index] ?? 0;
    chunks.push(
      chunk('fcTL', frameControl({ sequence, width, height, delayMs })),
    );
    sequence += 1;
    const compressed = deflateSync(filterScanlines(frame, width, height), {
      level: DEFLATE_LEVEL,
    });
    if (index === 0) {
      chunks.push(chunk('IDAT', compressed));
    } else {
      const numbered = Buffer.alloc(4 + compressed.length);
      numbered.writeUInt32BE(sequence, 0);
      compressed.copy(numbered, 4);
      sequence += 1;
      chunks.push(chunk('fdAT', numbered));
    }
    index += 1;
  }
  chunks.push(chunk('IEND', new Uint8Array()));
  return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}
