import {
  ignoredSettings,
  omitUndefined,
  unsupportedSetting,
  type VideoCapabilities,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';

/** How Switchyard runs one Replicate video model: its input fields and the length they make. */
export interface VideoModelSpec {
  /** The version a community model runs; official models take none. */
  version?: string;
  capabilities: VideoCapabilities;
  /** The model's input for a request; `image` is the first frame's URL. */
  input(request: VideoRequest, image: string | undefined): object;
  /**
   * The video's length and frame rate, read from the prediction's input as
   * Replicate echoes it back (the model's defaults for fields left out):
   * the API does not report the length, and a resumed task has no request.
   */
  timing(input: Record<string, unknown>): { durationMs: number; fps?: number };
  /** The settings of a request the model ignores. */
  warnings(request: VideoRequest): Warning[];
}

/** A number field of an echoed input, else the default. */
function numberField(
  input: Record<string, unknown>,
  field: string,
  fallback: number,
): number {
  const value = input[field];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** The frames a length takes at a frame rate, within the model's range. */
function framesFor(options: {
  durationMs: number | undefined;
  fps: number;
  min: number;
  max: number;
}): number | undefined {
  if (options.durationMs === undefined) return undefined;
  const frames = Math.round((options.durationMs / 1_000) * options.fps);
  return Math.min(options.max, Math.max(options.min, frames));
}

/** Warnings for a width and height the model cannot be given. */
function sizeWarnings(request: VideoRequest, details: string): Warning[] {
  return request.width === undefined
    ? []
    : [unsupportedSetting({ setting: 'width', details })];
}

/**
 * Genmo's Mochi 1 (text to video, 848×480): `num_frames` (30–163, default
 * 163) at `fps` (default 30), seeded; ~5.4 s by default. Community model,
 * so it runs a pinned version (the one of the recorded prediction).
 */
const MOCHI: VideoModelSpec = {
  version: '1944af04d098ef69bed7f9d335d102e652203f268ec4aaa2d836f6217217e460',
  capabilities: {
    formats: ['mp4'],
    minDurationMs: 1_000,
    maxDurationMs: 5_433,
    defaultDurationMs: 5_433,
    textToVideo: true,
    imageToVideo: false,
    aspectRatios: ['16:9'],
    audio: false,
    seed: true,
  },
  input: (request) =>
    omitUndefined({
      prompt: request.prompt,
      num_frames: framesFor({
        durationMs: request.durationMs,
        fps: request.fps ?? 30,
        min: 30,
        max: 163,
      }),
      fps: request.fps,
      seed: request.seed,
    }),
  timing: (input) => {
    const fps = numberField(input, 'fps', 30);
    const frames = numberField(input, 'num_frames', 163);
    return { durationMs: Math.round((frames / fps) * 1_000), fps };
  },
  warnings: (request) => [
    ...ignoredSettings(request, ['negativePrompt']),
    ...sizeWarnings(
      request,
      'Mochi 1 makes 848×480 video; width and height were ignored.',
    ),
  ],
};

/**
 * MiniMax Video-01 (Hailuo): 6 s of 720p at 25 fps, from a prompt or a
 * first frame (`first_frame_image`); no seed. An official model: no version.
 */
const MINIMAX_VIDEO_01: VideoModelSpec = {
  capabilities: {
    formats: ['mp4'],
    minDurationMs: 6_000,
    maxDurationMs: 6_000,
    defaultDurationMs: 6_000,
    textToVideo: true,
    imageToVideo: true,
    aspectRatios: ['16:9'],
    audio: false,
    seed: false,
  },
  input: (request, image) =>
    omitUndefined({ prompt: request.prompt, first_frame_image: image }),
  timing: () => ({ durationMs: 6_000, fps: 25 }),
  warnings: (request) => [
    ...ignoredSettings(request, ['negativePrompt', 'seed']),
    ...(request.fps !== undefined && request.fps !== 25
      ? [
          unsupportedSetting({
            setting: 'fps',
            details: 'Video-01 makes 25 fps.',
          }),
        ]
      : []),
    ...sizeWarnings(
      request,
      'Video-01 makes 720p video; width and height were ignored.',
    ),
  ],
};

/**
 * Wan 2.1 image to video at 480p: `num_frames` (81–100, default 81) at
 * `frames_per_second` (5–24, default 16), `max_area` 832x480 or 480x832,
 * seeded; ~5 s by default. An official model: no version.
 */
const WAN_I2V_480P: VideoModelSpec = {
  capabilities: {
    formats: ['mp4'],
    minDurationMs: 5_000,
    maxDurationMs: 6_250,
    defaultDurationMs: 5_063,
    textToVideo: false,
    imageToVideo: true,
    aspectRatios: ['16:9', '9:16'],
    audio: false,
    seed: true,
  },
  input: (request, image) =>
    omitUndefined({
      prompt: request.prompt,
      image,
      num_frames: framesFor({
        durationMs: request.durationMs,
        fps: request.fps ?? 16,
        min: 81,
        max: 100,
      }),
      frames_per_second: request.fps,
      max_area: request.aspectRatio === '9:16' ? '480x832' : undefined,
      seed: request.seed,
    }),
  timing: (input) => {
    const fps = numberField(input, 'frames_per_second', 16);
    const frames = numberField(input, 'num_frames', 81);
    return { durationMs: Math.round((frames / fps) * 1_000), fps };
  },
  warnings: (request) => [
    ...ignoredSettings(request, ['negativePrompt']),
    ...sizeWarnings(
      request,
      'Wan 2.1 480p takes aspectRatio (16:9 or 9:16); width and height were ignored.',
    ),
  ],
};

/** The video models Switchyard lists, by id. */
export const VIDEO_MODEL_SPECS = {
  'genmoai/mochi-1': MOCHI,
  'minimax/video-01': MINIMAX_VIDEO_01,
  'wavespeedai/wan-2.1-i2v-480p': WAN_I2V_480P,
} as const satisfies Readonly<Record<string, VideoModelSpec>>;

/**
 * Any other video model: a prompt, a seed and a first frame (`image`) where
 * given, the rest through `providerOptions.replicate.input`. Its length is
 * not known: the result states an assumed 5 s, and says so in a warning.
 */
export const GENERIC_VIDEO_SPEC: VideoModelSpec = {
  capabilities: {
    formats: ['mp4'],
    maxDurationMs: 60_000,
    defaultDurationMs: 5_000,
    textToVideo: true,
    imageToVideo: true,
    audio: false,
    seed: true,
  },
  input: (request, image) =>
    omitUndefined({ prompt: request.prompt, image, seed: request.seed }),
  timing: () => ({ durationMs: 5_000 }),
  warnings: (request) => [
    ...ignoredSettings(request, [
      'negativePrompt',
      'durationMs',
      'fps',
      'aspectRatio',
      'width',
    ]),
    {
      type: 'other',
      message:
        "Replicate does not report a video's length and this model is not listed: its durationMs is an assumed 5 s.",
    },
  ],
};
