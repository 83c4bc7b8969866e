import type { VideoMeasure } from '../video-bytes';

/**
 * Why a container could not be read: a read past the end of the whole file
 * (`cut-short`), or a part that breaks its own rules, such as a read past the
 * end of a part whose size said it held more (`broken`).
 */
export class Unreadable extends Error {
  constructor(readonly kind: 'cut-short' | 'broken') {
    super(kind);
  }
}

/**
 * Bounds-checked big/little-endian reads over a slice of the file. `whole`
 * is true when the slice runs to the file's end, so reading past it means
 * the file was cut rather than that a part lied about its size.
 */
export class Reader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly whole = true,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless `count` bytes from `at` lie within the slice. */
  need(at: number, count: number): void {
    if (at < 0 || count < 0 || at + count > this.bytes.length) {
      throw new Unreadable(this.whole ? 'cut-short' : 'broken');
    }
  }

  /** The bytes [start, end) as their own reader (no copy). */
  sub(start: number, end: number, whole = false): Reader {
    this.need(start, end - start);
    return new Reader(this.bytes.subarray(start, end), whole);
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.view.getUint8(at);
  }

  u16(at: number, littleEndian = false): number {
    this.need(at, 2);
    return this.view.getUint16(at, littleEndian);
  }

  u32(at: number, littleEndian = false): number {
    this.need(at, 4);
    return this.view.getUint32(at, littleEndian);
  }

  /** A big-endian 64-bit count as a number (exact up to 2^53, which is enough). */
  u64(at: number): number {
    return this.u32(at) * 2 ** 32 + this.u32(at + 4);
  }

  float(at: number, size: 4 | 8): number {
    this.need(at, size);
    return size === 4 ? this.view.getFloat32(at) : this.view.getFloat64(at);
  }

  /** `count` bytes as Latin-1 text (box types, chunk types, signatures). */
  text(at: number, count: number): string {
    this.need(at, count);
    const offset = this.bytes.byteOffset + at;
    return Buffer.from(this.bytes.buffer, offset, count).toString('latin1');
  }
}

/** A refusal in plain words. */
export const fail = (problem: string): VideoMeasure => ({ ok: false, problem });

/** A measure without the fields that stayed unknown. */
export function measured(
  fields: Omit<Extract<VideoMeasure, { ok: true }>, 'ok'>,
): VideoMeasure {
  const known = Object.entries(fields).filter(
    ([, value]) => value !== undefined,
  );
  return { ok: true, ...(Object.fromEntries(known) as typeof fields) };
}

/** Milliseconds rounded to the microsecond, so sums of fractions stay tidy. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * The measure of a frame-by-frame animation (GIF, APNG): its frame rate is
 * its frames over its delays, when those add up to more than nothing.
 */
export function measuredAnimation(fields: {
  durationMs: number;
  width: number;
  height: number;
  frames: number;
}): VideoMeasure {
  const { frames, durationMs } = fields;
  const fps =
    frames > 0 && durationMs > 0 ? (frames * 1000) / durationMs : undefined;
  return measured({ ...fields, fps });
}
