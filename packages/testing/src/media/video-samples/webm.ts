import { ascii, join, type Part } from './bytes';

/** The fewest big-endian bytes for `value` (none for 0); EBML ids keep their length marker in them. */
function bigEndian(value: number): number[] {
  const out: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) {
    out.unshift(rest % 256);
  }
  return out;
}

/** The shortest EBML size for `size` (all ones is kept for "unknown"). */
function sizeBytes(size: number): number[] {
  let length = 1;
  while (size >= 2 ** (7 * length) - 1) length += 1;
  const out: number[] = [];
  let rest = size;
  for (let index = 0; index < length; index += 1) {
    out.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  out[0] = (out[0] ?? 0) | (0x80 >> (length - 1));
  return out;
}

const UNKNOWN_SIZE = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const element = (id: number, ...parts: Part[]) => {
  const body = join(...parts);
  return join(bigEndian(id), sizeBytes(body.length), body);
};
const unknownSize = (id: number, ...parts: Part[]) =>
  join(bigEndian(id), UNKNOWN_SIZE, ...parts);
function uintElement(id: number, value: number): Buffer {
  const bytes = bigEndian(value);
  return element(id, bytes.length > 0 ? bytes : [0]);
}
function floatElement(id: number, value: number, size: 4 | 8): Buffer {
  const out = Buffer.alloc(size);
  if (size === 4) out.writeFloatBE(value);
  else out.writeDoubleBE(value);
  return element(id, out);
}

/**
 * A WebM: the EBML header (DocType `docType`, default `webm`), then a
 * Segment with Info (TimecodeScale, Duration as a 4- or 8-byte float),
 * Tracks (a 25 fps VP8 video track, optionally an Opus audio track) and
 * one Cluster with one SimpleBlock of placeholder bytes.
 * `timecodeScale: null` leaves TimecodeScale out (its default applies);
 * `unknownSizes` writes the Segment and Cluster sizes as unknown, as live
 * recorders do.
 */
export function webmBytes(options: {
  durationMs: number;
  width: number;
  height: number;
  withAudio?: boolean;
  docType?: string;
  durationSize?: 4 | 8;
  timecodeScale?: number | null;
  withoutDuration?: boolean;
  unknownSizes?: boolean;
}): Uint8Array {
  const { durationMs, width, height, timecodeScale = 1_000_000 } = options;
  const header = element(
    0x1a45dfa3,
    uintElement(0x4286, 1),
    uintElement(0x42f7, 1),
    uintElement(0x42f2, 4),
    uintElement(0x42f3, 8),
    element(0x4282, ascii(options.docType ?? 'webm')),
    uintElement(0x4287, 4),
    uintElement(0x4285, 2),
  );
  const scale = timecodeScale ?? 1_000_000;
  const info = element(
    0x1549a966,
    timecodeScale === null ? [] : uintElement(0x2ad7b1, timecodeScale),
    element(0x4d80, ascii('switchyard-test')),
    element(0x5741, ascii('switchyard-test')),
    options.withoutDuration
      ? []
      : floatElement(
          0x4489,
          (durationMs * 1e6) / scale,
          options.durationSize ?? 8,
        ),
  );
  const videoTrack = element(
    0xae,
    uintElement(0xd7, 1),
    uintElement(0x73c5, 1),
    uintElement(0x83, 1),
    element(0x86, ascii('V_VP8')),
    uintElement(0x23e383, 40_000_000),
    element(0xe0, uintElement(0xb0, width), uintElement(0xba, height)),
  );
  const audioTrack = options.withAudio
    ? element(
        0xae,
        uintElement(0xd7, 2),
        uintElement(0x73c5, 2),
        uintElement(0x83, 2),
        element(0x86, ascii('A_OPUS')),
        element(0xe1, floatElement(0xb5, 48_000, 4), uintElement(0x9f, 1)),
      )
    : [];
  const tracks = element(0x1654ae6b, videoTrack, audioTrack);
  const block = element(0xa3, [0x81, 0, 0, 0x80], ascii('frame'));
  const wrap = options.unknownSizes ? unknownSize : element;
  const cluster = wrap(0x1f43b675, uintElement(0xe7, 0), block);
  return join(header, wrap(0x18538067, info, tracks, cluster));
}
