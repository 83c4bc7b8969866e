import type { VideoMeasure } from '../video-bytes';
import { fail, measuredAnimation, roundMs, type Reader } from './reader';

const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';
/** A PNG chunk's length may not exceed 2^31 - 1. */
const MAX_CHUNK = 0x7fffffff;

/** What the walk through an APNG's chunks found. */
interface Animation {
  declaredFrames?: number;
  frameControls: number;
  delayMs: number;
  imageData: boolean;
  ended: boolean;
}

/**
 * Walks a PNG's chunks by their lengths (CRCs are not checked) to IEND.
 * It is an animation when an `acTL` chunk comes before the first IDAT; its
 * length is the sum of the `fcTL` delays.
 */
export function measureApng(file: Reader): VideoMeasure {
  if (file.length < 8 || file.text(0, 8) !== PNG_SIGNATURE) {
    return fail('the bytes are not apng video');
  }
  if (file.u32(8) !== 13 || file.text(12, 4) !== 'IHDR') {
    return fail('the png has no IHDR header');
  }
  const width = file.u32(16);
  const height = file.u32(20);
  if (width === 0 || height === 0) return fail('the png header gives a 0 size');
  const found = walkChunks(file);
  if (typeof found === 'string') return fail(found);
  if (!found.ended) return fail('the apng is cut short (no IEND chunk)');
  if (!found.imageData) return fail('the png has no image data');
  const frames = found.declaredFrames;
  if (frames === undefined) {
    return fail('the png is a still image, not an animation');
  }
  if (frames === 0) return fail('the apng has no frames');
  if (found.frameControls !== frames) {
    return fail(
      `the apng says it has ${frames} frames but has ${found.frameControls} frame controls`,
    );
  }
  const durationMs = roundMs(found.delayMs);
  return measuredAnimation({ durationMs, width, height, frames });
}

function walkChunks(file: Reader): Animation | string {
  const found: Animation = {
    frameControls: 0,
    delayMs: 0,
    imageData: false,
    ended: false,
  };
  let offset = 8;
  while (offset < file.length) {
    const length = file.u32(offset);
    if (length > MAX_CHUNK) return 'the png has a chunk longer than allowed';
    const type = file.text(offset + 4, 4);
    // Data, then the 4-byte CRC.
    const data = file.sub(offset + 8, offset + 8 + length);
    file.need(offset + 8 + length, 4);
    offset += 12 + length;
    if (type === 'acTL' && !found.imageData) {
      found.declaredFrames = data.u32(0);
    } else if (type === 'fcTL') {
      found.frameControls += 1;
      const denominator = data.u16(22) || 100;
      found.delayMs += (data.u16(20) * 1000) / denominator;
    } else if (type === 'IDAT') {
      found.imageData = true;
    } else if (type === 'IEND') {
      found.ended = true;
      break;
    }
  }
  return found;
}
