import type { VideoMeasure } from '../video-bytes';
import { fail, measuredAnimation, type Reader } from './reader';

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;

/** Browsers show a frame delay of 0 or 1 centisecond as 10 (100 ms). */
const frameMs = (delayCs: number) => (delayCs <= 1 ? 100 : delayCs * 10);

/** The size in bytes of a colour table flagged in `packed`, or 0. */
const colourTableBytes = (packed: number) =>
  packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;

/** Skips a run of data sub-blocks (each a length byte, then data) up to its 0 terminator. */
function skipSubBlocks(file: Reader, at: number): number {
  let offset = at;
  for (let size = file.u8(offset); size !== 0; size = file.u8(offset)) {
    file.need(offset + 1, size);
    offset += 1 + size;
  }
  return offset + 1;
}

/**
 * Walks a GIF's block stream to its trailer: counts image descriptors as
 * frames and sums the Graphic Control Extension delay before each.
 */
export function measureGif(file: Reader): VideoMeasure {
  const signature = file.length >= 6 ? file.text(0, 6) : '';
  if (signature !== 'GIF87a' && signature !== 'GIF89a') {
    return fail('the bytes are not gif video');
  }
  const width = file.u16(6, true);
  const height = file.u16(8, true);
  if (width === 0 || height === 0) return fail('the gif header gives a 0 size');
  let offset = 13 + colourTableBytes(file.u8(10));
  let frames = 0;
  let durationMs = 0;
  let delayCs = 0;
  for (;;) {
    const block = file.u8(offset);
    if (block === TRAILER) break;
    if (block === EXTENSION) {
      const label = file.u8(offset + 1);
      // The delay is a Graphic Control Extension's first sub-block, bytes 1–2.
      if (label === GRAPHIC_CONTROL && file.u8(offset + 2) >= 4) {
        delayCs = file.u16(offset + 4, true);
      }
      offset = skipSubBlocks(file, offset + 2);
    } else if (block === IMAGE) {
      const packed = file.u8(offset + 9);
      // Descriptor (10 bytes), local colour table, LZW minimum code size.
      offset = skipSubBlocks(file, offset + 11 + colourTableBytes(packed));
      frames += 1;
      durationMs += frameMs(delayCs);
      delayCs = 0;
    } else {
      return fail(`the gif has an unknown block (0x${block.toString(16)})`);
    }
  }
  if (frames === 0) return fail('the gif has no frames');
  return measuredAnimation({ durationMs, width, height, frames });
}
