import { encodeApng } from './apng';
import { encodeGif } from './gif';
import {
  decodeImage,
  isDecodeProblem,
  type DecodeProblem,
} from './image-decode';
import { createImageMotion, scaleImage } from './video-image-motion';
import { createScene } from './video-scene';

/** The formats the local video model writes. */
export type LocalVideoFormat = 'apng' | 'gif';

/** The long side of a video when the request gives no size. */
export const DEFAULT_VIDEO_SIDE = 256;
/** The longest side the local video model draws; larger requests are scaled down to fit. */
export const MAX_VIDEO_SIDE = 512;

/** What {@link renderVideoTask} renders (a worker task). */
export interface VideoTask {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  /** Output size; absent with an image: the image's shape, {@link DEFAULT_VIDEO_SIDE} on the long side. */
  size?: { width: number; height: number };
  /** Image-to-video: base64 of the first frame (PNG or JPEG). */
  image?: string;
  frames: number;
  durationMs: number;
  format: LocalVideoFormat;
}

/** A rendered clip, or why the image could not be read. */
export type VideoOutcome =
  | {
      ok: true;
      base64: string;
      width: number;
      height: number;
      frames: number;
      /** The length the file says: GIF counts in hundredths of a second. */
      durationMs: number;
    }
  | ({ ok: false } & DecodeProblem);

/**
 * Splits `total` into `count` whole steps whose running sum stays within
 * half a unit of the exact share: frame delays that add up to the length.
 */
export function frameDelays(total: number, count: number): number[] {
  return Array.from(
    { length: count },
    (_, index) =>
      Math.round(((index + 1) * total) / count) -
      Math.round((index * total) / count),
  );
}

/** Scales a size so its long side is `side`, keeping its shape. */
export function sizeWithLongSide(width: number, height: number, side: number) {
  const scale = side / Math.max(width, height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

function framePainter(
  task: VideoTask,
):
  | { width: number; height: number; paint: (index: number) => Buffer }
  | DecodeProblem {
  const last = Math.max(1, task.frames - 1);
  if (task.image === undefined) {
    const { width, height } = task.size ?? {
      width: DEFAULT_VIDEO_SIDE,
      height: DEFAULT_VIDEO_SIDE,
    };
    const scene = createScene({ ...task, width, height });
    return { width, height, paint: (index) => scene(index / task.frames) };
  }
  const decoded = decodeImage(task.image);
  if (isDecodeProblem(decoded)) return decoded;
  const { width, height } =
    task.size ??
    sizeWithLongSide(decoded.width, decoded.height, DEFAULT_VIDEO_SIDE);
  const first = scaleImage(decoded, width, height);
  const motion = createImageMotion({ ...task, first });
  return { width, height, paint: (index) => motion(index / last) };
}

/**
 * Renders a clip of `frames` frames and encodes it as APNG or GIF (a worker
 * task: seconds of pixel work for the largest clips). From a prompt alone,
 * a looping procedural scene; from an image, that image as the first frame,
 * then moving. The frames' delays add up to `durationMs`.
 */
export function renderVideoTask(task: VideoTask): VideoOutcome {
  const painter = framePainter(task);
  if ('problem' in painter) return { ok: false, ...painter };
  const { width, height } = painter;
  // Painted one at a time as the encoder takes them: one frame in memory.
  const frames = (function* paintFrames() {
    for (let index = 0; index < task.frames; index += 1) {
      yield painter.paint(index);
    }
  })();
  // GIF counts delays in hundredths of a second, APNG here in milliseconds.
  const unit = task.format === 'gif' ? 10 : 1;
  const delays = frameDelays(Math.round(task.durationMs / unit), task.frames);
  const bytes =
    task.format === 'gif'
      ? encodeGif({ width, height, frames, delaysCs: delays })
      : encodeApng({ width, height, frames, delaysMs: delays });
  return {
    ok: true,
    base64: bytes.toString('base64'),
    width,
    height,
    frames: task.frames,
    durationMs: delays.reduce((sum, delay) => sum + delay, 0) * unit,
  };
}
