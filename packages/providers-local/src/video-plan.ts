import {
  SwitchyardError,
  type VideoCapabilities,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';
import {
  DEFAULT_VIDEO_SIDE,
  MAX_VIDEO_SIDE,
  sizeWithLongSide,
  type LocalVideoFormat,
} from './video-task';

/** Frames per second when the request names none. */
export const DEFAULT_FPS = 12;
/** The most frames per second the local video model draws. */
export const MAX_FPS = 30;
/**
 * The most pixels one clip draws, all frames together (512×512 for 96
 * frames: a few seconds of a worker thread). A larger clip is drawn smaller.
 */
export const MAX_VIDEO_PIXELS = 512 * 512 * 96;

export const VIDEO_CAPABILITIES: VideoCapabilities = {
  formats: ['apng', 'gif'],
  maxDurationMs: 10_000,
  minDurationMs: 500,
  defaultDurationMs: 2_000,
  textToVideo: true,
  imageToVideo: true,
  audio: false,
  seed: true,
};

/** What the local video model draws for one request. */
export interface VideoPlan {
  format: LocalVideoFormat;
  durationMs: number;
  fps: number;
  frames: number;
  /** Absent for an image-to-video request without a size: the image's shape then. */
  size?: { width: number; height: number };
  warnings: Warning[];
}

function refuse(options: {
  code: 'unsupported' | 'invalid_request';
  provider: string;
  message: string;
}): never {
  throw new SwitchyardError(options);
}

function requestedSize(
  request: VideoRequest,
): { width: number; height: number } | undefined {
  if (request.width !== undefined && request.height !== undefined) {
    return { width: request.width, height: request.height };
  }
  if (request.aspectRatio !== undefined) {
    const [across = 1, down = 1] = request.aspectRatio
      .split(':')
      .map((part) => Math.max(1, Number(part)));
    return sizeWithLongSide(across, down, DEFAULT_VIDEO_SIDE);
  }
  return request.image === undefined
    ? { width: DEFAULT_VIDEO_SIDE, height: DEFAULT_VIDEO_SIDE }
    : undefined;
}

/** Shrinks a size to at most {@link MAX_VIDEO_SIDE} a side and {@link MAX_VIDEO_PIXELS} in all, warning when it does. */
function boundedSize(
  size: { width: number; height: number },
  frames: number,
  warnings: Warning[],
): { width: number; height: number } {
  const longSide = Math.max(size.width, size.height);
  const budgetSide =
    longSide *
    Math.sqrt(MAX_VIDEO_PIXELS / (size.width * size.height * frames));
  const side = Math.floor(Math.min(MAX_VIDEO_SIDE, budgetSide));
  if (side >= longSide) return size;
  const bounded = sizeWithLongSide(size.width, size.height, side);
  warnings.push({
    type: 'adjusted-setting',
    setting: 'width',
    message: `The local video model draws at most ${MAX_VIDEO_SIDE} on a side, and no more pixels in a clip than 96 frames of 512×512; this clip is ${bounded.width}×${bounded.height}.`,
  });
  return bounded;
}

/**
 * Checks a request against what the local video model makes and works out
 * the clip: format, length, frame rate, frame count and size. Refuses what
 * it cannot make (mp4, webm, a soundtrack, a length out of range); lowers a
 * frame rate above {@link MAX_FPS} and a size above the bounds, with a warning.
 */
export function planVideo(request: VideoRequest, provider: string): VideoPlan {
  const format = request.format ?? 'apng';
  if (format !== 'apng' && format !== 'gif') {
    refuse({
      code: 'unsupported',
      provider,
      message: `The local video model writes apng or gif, not ${format}.`,
    });
  }
  if (request.withAudio === true) {
    refuse({
      code: 'unsupported',
      provider,
      message:
        'The local video model makes silent clips; it has no soundtrack.',
    });
  }
  const {
    minDurationMs = 1,
    maxDurationMs,
    defaultDurationMs,
  } = VIDEO_CAPABILITIES;
  const durationMs = request.durationMs ?? defaultDurationMs;
  if (durationMs < minDurationMs || durationMs > maxDurationMs) {
    refuse({
      code: 'invalid_request',
      provider,
      message: `The local video model makes ${minDurationMs} ms to ${maxDurationMs} ms; ask for a durationMs in that range.`,
    });
  }
  const warnings: Warning[] = [];
  const fps = Math.min(MAX_FPS, request.fps ?? DEFAULT_FPS);
  if (request.fps !== undefined && request.fps > MAX_FPS) {
    warnings.push({
      type: 'adjusted-setting',
      setting: 'fps',
      message: `The local video model draws at most ${MAX_FPS} frames a second; this clip has ${MAX_FPS}.`,
    });
  }
  const frames = Math.max(1, Math.round((durationMs * fps) / 1000));
  const size = requestedSize(request);
  return {
    format,
    durationMs,
    fps,
    frames,
    ...(size === undefined
      ? {}
      : { size: boundedSize(size, frames, warnings) }),
    warnings,
  };
}
