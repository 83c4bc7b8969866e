import type { VideoMeasure } from '../video-bytes';
import { fail, measured, roundMs, Unreadable, type Reader } from './reader';

/** The EBML and Matroska element ids read here (ids keep their length marker). */
const ID = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  defaultDuration: 0x23e383,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
} as const;

/** An EBML element: its id and its data. */
interface Element {
  id: number;
  body: Reader;
}

/** A variable-length integer: its byte count, its raw bytes as a number, and its value without the length marker. */
function vint(parent: Reader, at: number) {
  const first = parent.u8(at);
  if (first === 0) throw new Unreadable('broken');
  const length = Math.clz32(first) - 23;
  const mask = 0xff >> length;
  let raw = first;
  let value = first & mask;
  let allOnes = value === mask;
  for (let index = 1; index < length; index += 1) {
    const byte = parent.u8(at + index);
    raw = raw * 256 + byte;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { length, raw, value, allOnes };
}

/**
 * Yields the elements laid end to end in `parent`, lazily, so a walk can
 * stop once it has what it needs. An element of unknown size (all ones)
 * runs to the parent's end.
 */
function* elements(parent: Reader): Generator<Element> {
  let offset = 0;
  while (offset < parent.length) {
    const id = vint(parent, offset);
    if (id.length > 4) throw new Unreadable('broken');
    const size = vint(parent, offset + id.length);
    const start = offset + id.length + size.length;
    const end = size.allOnes ? parent.length : start + size.value;
    const toEnd = end === parent.length && parent.whole;
    yield { id: id.raw, body: parent.sub(start, end, toEnd) };
    offset = end;
  }
}

/** An unsigned integer element (0–8 bytes, big-endian). */
function uint(body: Reader): number {
  if (body.length > 8) throw new Unreadable('broken');
  let value = 0;
  for (let index = 0; index < body.length; index += 1) {
    value = value * 256 + body.u8(index);
  }
  return value;
}

/**
 * Reads a WebM: the EBML header's DocType is `webm`; the Segment's Info
 * gives the length (Duration × TimecodeScale) and its Tracks the video
 * size and whether there is audio. Clusters are skipped by their sizes.
 */
export function measureWebm(file: Reader): VideoMeasure {
  if (file.length < 4 || file.u32(0) !== ID.ebml) {
    return fail('the bytes are not webm video');
  }
  let docType = 'matroska';
  let segment: Reader | undefined;
  for (const { id, body } of elements(file)) {
    if (id === ID.ebml) docType = readDocType(body) ?? docType;
    if (id === ID.segment) segment = body;
    if (segment) break;
  }
  if (docType === 'matroska') return fail('the bytes are matroska, not webm');
  if (docType !== 'webm') return fail('the bytes are not webm video');
  if (!segment) return fail('the webm has no Segment');
  let info: Reader | undefined;
  let tracks: Reader | undefined;
  for (const { id, body } of elements(segment)) {
    if (id === ID.info) info ??= body;
    if (id === ID.tracks) tracks ??= body;
    if (info && tracks) break;
  }
  const durationMs = info && readDuration(info);
  if (typeof durationMs === 'string') return fail(durationMs);
  if (durationMs === undefined) {
    return fail('the webm does not say its duration');
  }
  const entries = tracks ? [...elements(tracks)] : [];
  const all = entries.filter(({ id }) => id === ID.trackEntry).map(readTrack);
  const video = all.find((track) => track.type === 1);
  if (!video) return fail('the webm has no video track');
  return measured({
    durationMs,
    width: video.width,
    height: video.height,
    fps: video.frameNs ? 1e9 / video.frameNs : undefined,
    hasAudio: all.some((track) => track.type === 2),
  });
}

function readDocType(header: Reader): string | undefined {
  for (const { id, body } of elements(header)) {
    // Strings may be padded with NULs.
    if (id === ID.docType) return body.text(0, body.length).replace(/\0+$/, '');
  }
  return undefined;
}

/** The Duration in ms, a problem, or undefined when Info does not give one. */
function readDuration(info: Reader): number | string | undefined {
  let scaleNs = 1_000_000;
  let duration: number | undefined;
  for (const { id, body } of elements(info)) {
    if (id === ID.timecodeScale) scaleNs = uint(body);
    if (id === ID.duration) {
      if (body.length !== 4 && body.length !== 8) {
        return 'the webm Duration is not a 4- or 8-byte float';
      }
      duration = body.float(0, body.length);
    }
  }
  if (duration === undefined) return undefined;
  if (scaleNs === 0) return 'the webm gives a 0 TimecodeScale';
  if (!Number.isFinite(duration) || duration < 0) {
    return 'the webm gives a duration that is not a length of time';
  }
  return roundMs((duration * scaleNs) / 1e6);
}

function readTrack({ body }: Element) {
  const track: {
    type?: number;
    width?: number;
    height?: number;
    frameNs?: number;
  } = {};
  for (const { id, body: field } of elements(body)) {
    if (id === ID.trackType) track.type = uint(field);
    if (id === ID.defaultDuration) track.frameNs = uint(field);
    if (id !== ID.video) continue;
    for (const { id: videoId, body: value } of elements(field)) {
      if (videoId === ID.pixelWidth) track.width = uint(value);
      if (videoId === ID.pixelHeight) track.height = uint(value);
    }
  }
  return track;
}
