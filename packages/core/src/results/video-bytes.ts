import { measureApng } from './video-containers/apng';
import { measureGif } from './video-containers/gif';
import { measureMp4 } from './video-containers/mp4';
import { Reader, Unreadable } from './video-containers/reader';
import { measureWebm } from './video-containers/webm';
import type { VideoFormat } from '../schemas/video';

/** What reading video bytes told: their length, size and tracks, or what is wrong with them. */
export type VideoMeasure =
  | {
      ok: true;
      durationMs: number;
      width?: number;
      height?: number;
      fps?: number;
      hasAudio?: boolean;
      frames?: number;
    }
  | { ok: false; problem: string };

const MEASURERS: Record<VideoFormat, (file: Reader) => VideoMeasure> = {
  gif: measureGif,
  apng: measureApng,
  mp4: measureMp4,
  webm: measureWebm,
};

/**
 * Checks that `bytes` are a video of `format` and measures it from its
 * container's headers, without decoding frames and reading only the
 * structure it needs (an MP4's `mdat` and a WebM's clusters are skipped by
 * their sizes). Never throws: cut or garbled bytes give `ok: false` with
 * the problem in plain words.
 */
export function measureVideo(
  bytes: Uint8Array,
  format: VideoFormat,
): VideoMeasure {
  if (!Object.hasOwn(MEASURERS, format)) {
    return { ok: false, problem: `${String(format)} is not a video format` };
  }
  if (bytes.length === 0) return { ok: false, problem: 'the video is empty' };
  try {
    return MEASURERS[format](new Reader(bytes));
  } catch (error) {
    if (error instanceof Unreadable && error.kind === 'cut-short') {
      return { ok: false, problem: `the ${format} is cut short` };
    }
    if (error instanceof Unreadable) {
      return {
        ok: false,
        problem: `the ${format} is broken (its parts' sizes do not fit together)`,
      };
    }
    // Only a fault in this reader lands here; the caller still gets an answer.
    return { ok: false, problem: `the ${format} could not be read` };
  }
}
