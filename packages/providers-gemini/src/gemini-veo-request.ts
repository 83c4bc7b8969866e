import {
  SwitchyardError,
  inspectBase64Image,
  parseProviderOptions,
  unsupportedSetting,
  type VideoCapabilities,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';
import type { VeoBody, VeoImage } from './gemini-veo-api';
import { geminiVideoOptionsSchema } from './gemini-options';

/** What a Veo generation takes beyond its capabilities: the lengths it makes and its sizes. */
export interface VeoSpec {
  capabilities: VideoCapabilities;
  /** The `durationSeconds` values it takes. */
  durations: number[];
  /** The `resolution` values it takes; none for a model without the parameter. */
  resolutions: Array<'720p' | '1080p'>;
}

function veoSpec(
  options: Omit<VeoSpec, 'capabilities'> & {
    audio: boolean;
    seed: boolean;
  },
): VeoSpec {
  const { durations } = options;
  return {
    durations,
    resolutions: options.resolutions,
    capabilities: {
      formats: ['mp4'],
      minDurationMs: (durations[0] ?? 8) * 1_000,
      maxDurationMs: (durations.at(-1) ?? 8) * 1_000,
      defaultDurationMs: 8_000,
      textToVideo: true,
      imageToVideo: true,
      aspectRatios: ['16:9', '9:16'],
      audio: options.audio,
      seed: options.seed,
    },
  };
}

/**
 * Veo 3 on the Gemini API (https://ai.google.dev/gemini-api/docs/video):
 * 4, 6 or 8 s at 720p or 1080p, 16:9 or 9:16, always with a soundtrack (the
 * Gemini API refuses `generateAudio`), seeded.
 */
export const VEO_3: VeoSpec = veoSpec({
  durations: [4, 6, 8],
  resolutions: ['720p', '1080p'],
  audio: true,
  seed: true,
});

/** Veo 2: 5, 6 or 8 s at 720p, silent; no resolution parameter, and no seed sent. */
export const VEO_2: VeoSpec = veoSpec({
  durations: [5, 6, 8],
  resolutions: [],
  audio: false,
  seed: false,
});

/** The spec of a model id: Veo 2 by its name, any other (Veo 3, 3.1, …) as Veo 3. */
export function veoSpecOf(modelId: string): VeoSpec {
  return modelId.startsWith('veo-2') ? VEO_2 : VEO_3;
}

/** The allowed length nearest the one asked for (a tie takes the longer). */
export function nearestSeconds(durationMs: number, allowed: number[]): number {
  let best = allowed[0] ?? 8;
  for (const seconds of allowed) {
    const distance = Math.abs(seconds * 1_000 - durationMs);
    if (distance <= Math.abs(best * 1_000 - durationMs)) best = seconds;
  }
  return best;
}

/** Frame settings from the request's aspect ratio or size. */
function frameOf(
  request: VideoRequest,
  spec: VeoSpec,
): {
  aspectRatio?: string;
  resolution?: '720p' | '1080p';
  warnings: Warning[];
} {
  const { width, height } = request;
  if (width === undefined || height === undefined) {
    return { aspectRatio: request.aspectRatio, warnings: [] };
  }
  const portrait = height > width;
  const shortSide = Math.min(width, height);
  const resolution =
    shortSide >= 1080 && spec.resolutions.includes('1080p') ? '1080p' : '720p';
  const made = resolution === '1080p' ? [1920, 1080] : [1280, 720];
  const [long, short] = made as [number, number];
  const madeWidth = portrait ? short : long;
  const madeHeight = portrait ? long : short;
  const warnings: Warning[] =
    madeWidth === width && madeHeight === height
      ? []
      : [
          {
            type: 'adjusted-setting',
            setting: 'width',
            message: `Veo makes 16:9 or 9:16 video at 720p or 1080p: ${madeWidth}x${madeHeight} instead of ${width}x${height}.`,
          },
        ];
  return {
    aspectRatio: portrait ? '9:16' : '16:9',
    resolution: spec.resolutions.length > 0 ? resolution : undefined,
    warnings,
  };
}

/**
 * The `parameters` of a request and the warnings it earns (settings Veo
 * rounds or cannot honour). Pure, so a resumed task's result carries the
 * same warnings.
 */
export function veoParameters(
  request: VideoRequest,
  context: { spec: VeoSpec; provider: string },
): { parameters: VeoBody['parameters']; warnings: Warning[] } {
  const { spec, provider } = context;
  const options = parseProviderOptions({
    provider,
    key: 'gemini',
    providerOptions: request.providerOptions,
    schema: geminiVideoOptionsSchema,
  });
  const frame = frameOf(request, spec);
  const warnings = [...frame.warnings];
  let durationSeconds: number | undefined;
  if (request.durationMs !== undefined) {
    durationSeconds = nearestSeconds(request.durationMs, spec.durations);
    if (durationSeconds * 1_000 !== request.durationMs) {
      warnings.push({
        type: 'adjusted-setting',
        setting: 'durationMs',
        message: `Veo makes ${spec.durations.join(', ')} s: ${durationSeconds} s instead of ${request.durationMs} ms.`,
      });
    }
  }
  if (request.seed !== undefined && !spec.capabilities.seed) {
    warnings.push(unsupportedSetting({ setting: 'seed' }));
  }
  if (request.fps !== undefined && request.fps !== 24) {
    warnings.push(
      unsupportedSetting({
        setting: 'fps',
        details: 'Veo makes 24 frames per second; fps was not sent.',
      }),
    );
  }
  if (request.withAudio === false && spec.capabilities.audio) {
    warnings.push(
      unsupportedSetting({
        setting: 'withAudio',
        details:
          'Veo 3 on the Gemini API always makes a soundtrack; the video has one.',
      }),
    );
  }
  const parameters: VeoBody['parameters'] = {
    aspectRatio: frame.aspectRatio,
    durationSeconds,
    negativePrompt: request.negativePrompt,
    personGeneration: options?.personGeneration,
    resolution: options?.resolution ?? frame.resolution,
    seed: spec.capabilities.seed ? request.seed : undefined,
  };
  return { parameters, warnings };
}

/** Image types Veo takes as a first frame. */
const FIRST_FRAME_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * The request's first frame, inline as Veo takes it. The gateway does not
 * download URLs and Veo on the Gemini API fetches none, so a frame given by
 * URL is `unsupported` (the route falls back to a provider that takes one).
 */
export function veoImage(
  request: VideoRequest,
  provider: string,
): VeoImage | undefined {
  const { image } = request;
  if (image === undefined) return undefined;
  const refuse = (message: string, code: 'unsupported' | 'invalid_request') =>
    new SwitchyardError({ code, provider, message });
  if ('url' in image) {
    throw refuse(
      'Veo takes the first frame (`image`) inline only; give it as base64 (the gateway does not download URLs).',
      'unsupported',
    );
  }
  const header = inspectBase64Image(image.base64);
  if (typeof header === 'string') {
    throw refuse(
      `image is not a readable image: ${header}.`,
      'invalid_request',
    );
  }
  if (!FIRST_FRAME_TYPES.includes(header.mimeType)) {
    throw refuse(
      `Veo takes a PNG, JPEG or WebP first frame, not ${header.mimeType}.`,
      'unsupported',
    );
  }
  return { bytesBase64Encoded: image.base64, mimeType: header.mimeType };
}

/** Refuses a format other than MP4 before any call (the router skips Veo for those). */
export function assertMp4(request: VideoRequest, provider: string): void {
  if (request.format === undefined || request.format === 'mp4') return;
  throw new SwitchyardError({
    code: 'unsupported',
    provider,
    message: `Veo makes mp4 video, not ${request.format}; route ${request.format} requests to another provider.`,
  });
}
