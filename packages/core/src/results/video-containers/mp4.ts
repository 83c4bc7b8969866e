import type { VideoMeasure } from '../video-bytes';
import { fail, measured, Unreadable, roundMs, type Reader } from './reader';

/** An ISO BMFF box: its four-character type and its payload. */
interface Box {
  type: string;
  body: Reader;
}

/** What one `trak` says about its media. */
interface Track {
  handler: string;
  width: number;
  height: number;
  frames?: number;
  fps?: number;
}

/**
 * Lists the boxes laid end to end in `parent`, by their sizes: 64-bit
 * `largesize` when size is 1, to the parent's end when size is 0.
 */
function boxes(parent: Reader): Box[] {
  const found: Box[] = [];
  let offset = 0;
  while (offset < parent.length) {
    let size = parent.u32(offset);
    const type = parent.text(offset + 4, 4);
    let header = 8;
    if (size === 1) {
      size = parent.u64(offset + 8);
      header = 16;
    } else if (size === 0) {
      size = parent.length - offset;
    }
    if (size < header) throw new Unreadable('broken');
    const toEnd = offset + size === parent.length;
    const body = parent.sub(
      offset + header,
      offset + size,
      toEnd && parent.whole,
    );
    found.push({ type, body });
    offset += size;
  }
  return found;
}

const find = (list: Box[], type: string) =>
  list.find((box) => box.type === type)?.body;

/** The box at the end of a path of types below `parent`. */
function descend(parent: Reader | undefined, ...path: string[]) {
  let box = parent;
  for (const type of path) box = box && find(boxes(box), type);
  return box;
}

/**
 * Reads an MP4 (ISO BMFF): the file opens with `ftyp`; `moov` (before or
 * after `mdat`) holds `mvhd` with the length, and a `trak` per track with
 * its size (`tkhd`), kind (`hdlr`) and sample timing (`mdhd`, `stts`).
 */
export function measureMp4(file: Reader): VideoMeasure {
  if (file.length < 8 || file.text(4, 4) !== 'ftyp') {
    return fail('the bytes are not mp4 video');
  }
  const moov = find(boxes(file), 'moov');
  if (!moov) return fail('the mp4 has no moov box');
  const inMoov = boxes(moov);
  const mvhd = find(inMoov, 'mvhd');
  if (!mvhd) return fail('the mp4 has no mvhd box');
  const v1 = mvhd.u8(0) === 1;
  const timescale = mvhd.u32(v1 ? 20 : 12);
  if (timescale === 0) return fail('the mp4 gives a 0 timescale');
  let duration = v1 ? mvhd.u64(24) : mvhd.u32(16);
  // A fragmented MP4 leaves mvhd's duration 0 and puts it in mvex/mehd.
  if (duration === 0 || duration === 0xffffffff || duration >= 2 ** 53) {
    duration = fragmentDuration(descend(moov, 'mvex', 'mehd')) ?? 0;
  }
  if (duration === 0) return fail('the mp4 does not say its duration');
  const tracks = inMoov.filter((box) => box.type === 'trak').map(readTrack);
  const video = tracks.find((track) => track.handler === 'vide');
  if (!video) return fail('the mp4 has no video track');
  const sized = tracks.find((track) => track.width > 0 && track.height > 0);
  return measured({
    durationMs: roundMs((duration * 1000) / timescale),
    width: sized?.width,
    height: sized?.height,
    fps: video.fps,
    hasAudio: tracks.some((track) => track.handler === 'soun'),
    frames: video.frames,
  });
}

function fragmentDuration(mehd: Reader | undefined): number | undefined {
  if (!mehd) return undefined;
  return mehd.u8(0) === 1 ? mehd.u64(4) : mehd.u32(4);
}

function readTrack({ body }: Box): Track {
  const parts = boxes(body);
  const track: Track = { handler: '', width: 0, height: 0 };
  const tkhd = find(parts, 'tkhd');
  if (tkhd) {
    // 16.16 fixed point, after the version's times, ids and the matrix.
    const at = tkhd.u8(0) === 1 ? 88 : 76;
    track.width = Math.round(tkhd.u32(at) / 0x10000);
    track.height = Math.round(tkhd.u32(at + 4) / 0x10000);
  }
  const mdia = find(parts, 'mdia');
  const hdlr = descend(mdia, 'hdlr');
  if (hdlr) track.handler = hdlr.text(8, 4);
  const mdhd = descend(mdia, 'mdhd');
  const stts = descend(mdia, 'minf', 'stbl', 'stts');
  if (mdhd && stts) {
    const timescale = mdhd.u32(mdhd.u8(0) === 1 ? 20 : 12);
    const { samples, ticks } = sampleTiming(stts);
    if (samples > 0 && ticks > 0 && timescale > 0) {
      track.frames = samples;
      track.fps = (samples * timescale) / ticks;
    }
  }
  return track;
}

/** The sample count and total duration (in media ticks) of an `stts` table. */
function sampleTiming(stts: Reader): { samples: number; ticks: number } {
  const entries = stts.u32(4);
  stts.need(8, entries * 8);
  let samples = 0;
  let ticks = 0;
  for (let index = 0; index < entries; index += 1) {
    const count = stts.u32(8 + index * 8);
    samples += count;
    ticks += count * stts.u32(12 + index * 8);
  }
  return { samples, ticks };
}
