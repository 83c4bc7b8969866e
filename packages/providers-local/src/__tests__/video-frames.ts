import { GifReader } from 'omggif';
import UPNG from 'upng-js';

/** A clip decoded by a decoder other than ours: its frames as RGBA and each one's delay. */
export interface DecodedClip {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, one per frame. */
  frames: Uint8Array[];
  delaysMs: number[];
  /** How often it plays; 0 for forever. */
  loops: number;
}

/** Decodes an APNG with upng-js (frames composed onto the canvas). */
export function decodeApng(base64: string): DecodedClip {
  const bytes = Buffer.from(base64, 'base64');
  const image = UPNG.decode(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  );
  return {
    width: image.width,
    height: image.height,
    frames: UPNG.toRGBA8(image).map((frame) => new Uint8Array(frame)),
    delaysMs: image.frames.map((frame) => frame.delay),
    loops: image.tabs.acTL?.num_plays ?? -1,
  };
}

/** Decodes a GIF with omggif (each frame blitted over the previous one). */
export function decodeGif(base64: string): DecodedClip {
  const reader = new GifReader(Buffer.from(base64, 'base64'));
  const canvas = new Uint8Array(reader.width * reader.height * 4);
  const frames: Uint8Array[] = [];
  const delaysMs: number[] = [];
  for (let index = 0; index < reader.numFrames(); index += 1) {
    reader.decodeAndBlitFrameRGBA(index, canvas);
    frames.push(canvas.slice());
    delaysMs.push(reader.frameInfo(index).delay * 10);
  }
  return {
    width: reader.width,
    height: reader.height,
    frames,
    delaysMs,
    loops: reader.loopCount() ?? -1,
  };
}

/** The RGB of RGBA pixels, to compare with what the model drew. */
export function rgbOf(rgba: Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let from = 0, to = 0; from < rgba.length; from += 4, to += 3) {
    rgb.set(rgba.subarray(from, from + 3), to);
  }
  return rgb;
}

/** The mean absolute difference of two pixel arrays of one length, per byte. */
export function meanDifference(first: Uint8Array, second: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < first.length; index += 1) {
    sum += Math.abs((first[index] ?? 0) - (second[index] ?? 0));
  }
  return sum / Math.max(1, first.length);
}
