import {
  SwitchyardError,
  parseProviderOptions,
  unsupportedSetting,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';
import {
  imageFilePart,
  type ImageFilePart,
} from '@switchyard/openai-compatible';
import { z } from 'zod';
import { SORA_SECONDS, type SoraSpec } from './openai-video-api';

/** The allowed length nearest the one asked for (a tie takes the longer). */
export function nearestSeconds(durationMs: number): number {
  let best = SORA_SECONDS[0] ?? 4;
  for (const seconds of SORA_SECONDS) {
    const distance = Math.abs(seconds * 1_000 - durationMs);
    if (distance <= Math.abs(best * 1_000 - durationMs)) best = seconds;
  }
  return best;
}

/** Whether a `WIDTHxHEIGHT` size is tall. */
const isPortrait = (width: number, height: number) => height > width;

/** The size a model makes nearest a shape: its HD size when asked that large and it has one. */
function nearestSize(
  spec: SoraSpec,
  shape: { width: number; height: number },
): string {
  const portrait = isPortrait(shape.width, shape.height);
  const large = Math.min(shape.width, shape.height) >= 1024;
  const fitting = spec.sizes.filter((size) => {
    const [width = 0, height = 0] = size.split('x').map(Number);
    return isPortrait(width, height) === portrait;
  });
  return (large ? fitting.at(-1) : fitting[0]) ?? spec.sizes[0] ?? '1280x720';
}

/** The `size` a request asks for (none when it names no shape: the API's default, 720x1280). */
function sizeOf(
  request: VideoRequest,
  spec: SoraSpec,
): { size?: string; warnings: Warning[] } {
  const { width, height, aspectRatio } = request;
  let shape: { width: number; height: number } | undefined;
  let asked: string | undefined;
  if (width !== undefined && height !== undefined) {
    shape = { width, height };
    asked = `${width}x${height}`;
  } else if (aspectRatio !== undefined) {
    const [across = 16, down = 9] = aspectRatio.split(':').map(Number);
    shape = { width: across * 80, height: down * 80 };
    asked = aspectRatio;
  }
  if (shape === undefined || asked === undefined) return { warnings: [] };
  if (spec.sizes.includes(asked)) return { size: asked, warnings: [] };
  const size = nearestSize(spec, shape);
  const exact = aspectRatio === '16:9' || aspectRatio === '9:16';
  const warnings: Warning[] = exact
    ? []
    : [
        {
          type: 'adjusted-setting',
          setting: width === undefined ? 'aspectRatio' : 'width',
          message: `Sora makes ${spec.sizes.join(', ')}: ${size} instead of ${asked}.`,
        },
      ];
  return { size, warnings };
}

/** `providerOptions.openai` of a video request: none yet, so a typo is refused, not dropped. */
const videoOptionsSchema = z.strictObject({});

/**
 * The text fields of `POST /videos` and the warnings a request earns
 * (lengths rounded to 4, 8 or 12 s, sizes to the model's, settings Sora
 * has not). Pure, so a resumed task's result carries the same warnings.
 */
export function soraFields(
  request: VideoRequest,
  context: { spec: SoraSpec; provider: string },
): { seconds?: string; size?: string; warnings: Warning[] } {
  parseProviderOptions({
    provider: context.provider,
    key: 'openai',
    providerOptions: request.providerOptions,
    schema: videoOptionsSchema,
  });
  const { size, warnings } = sizeOf(request, context.spec);
  let seconds: number | undefined;
  if (request.durationMs !== undefined) {
    seconds = nearestSeconds(request.durationMs);
    if (seconds * 1_000 !== request.durationMs) {
      warnings.push({
        type: 'adjusted-setting',
        setting: 'durationMs',
        message: `Sora makes 4, 8 or 12 s: ${seconds} s instead of ${request.durationMs} ms.`,
      });
    }
  }
  for (const setting of ['seed', 'negativePrompt', 'fps'] as const) {
    if (request[setting] !== undefined) {
      warnings.push(unsupportedSetting({ setting }));
    }
  }
  if (request.withAudio === false) {
    warnings.push(
      unsupportedSetting({
        setting: 'withAudio',
        details: 'Sora 2 always makes sound; the video has a soundtrack.',
      }),
    );
  }
  return { seconds: seconds?.toString(), size, warnings };
}

/**
 * The multipart body of `POST /videos`. The first frame goes as the
 * `input_reference` file, typed by its bytes; the API wants it exactly the
 * video's size, so a request that names no size takes the frame's, and one
 * whose frame does not fit its size is `unsupported` before any call (as is
 * a frame by URL: the gateway does not download URLs).
 */
export function soraForm(
  request: VideoRequest,
  context: { spec: SoraSpec; provider: string; modelId: string },
): FormData {
  const fields = soraFields(request, context);
  const frame = firstFrame(request, context.provider);
  let { size } = fields;
  const { width, height } = frame?.header ?? {};
  const frameSize =
    width === undefined || height === undefined
      ? undefined
      : `${width}x${height}`;
  if (size === undefined && frameSize !== undefined) {
    if (context.spec.sizes.includes(frameSize)) size = frameSize;
  }
  if (frameSize !== undefined && frameSize !== (size ?? '720x1280')) {
    throw unsupported(
      context,
      `its first frame must be the video's size (${size ?? '720x1280'}), not ${frameSize}`,
    );
  }
  const form = new FormData();
  form.append('model', context.modelId);
  form.append('prompt', request.prompt);
  if (fields.seconds !== undefined) form.append('seconds', fields.seconds);
  if (size !== undefined) form.append('size', size);
  if (frame !== undefined) {
    form.append('input_reference', frame.blob, frame.fileName);
  }
  return form;
}

const FIRST_FRAME_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

function firstFrame(
  request: VideoRequest,
  provider: string,
): ImageFilePart | undefined {
  const { image } = request;
  if (image === undefined) return undefined;
  if ('url' in image) {
    throw unsupported(
      { provider, modelId: 'Sora' },
      'it takes the first frame (`image`) as an upload only; give it as base64 (the gateway does not download URLs)',
    );
  }
  const part = imageFilePart({ provider, name: 'image', image });
  if (!FIRST_FRAME_TYPES.includes(part.header.mimeType)) {
    throw unsupported(
      { provider, modelId: 'Sora' },
      `it takes a PNG, JPEG or WebP first frame, not ${part.header.mimeType}`,
    );
  }
  return part;
}

/** Refuses a format other than MP4 before any call (the router skips Sora for those). */
export function assertMp4(
  request: VideoRequest,
  context: { provider: string; modelId: string },
): void {
  if (request.format === undefined || request.format === 'mp4') return;
  throw unsupported(context, `it makes mp4 video, not ${request.format}`);
}

function unsupported(
  context: { provider: string; modelId: string },
  why: string,
): SwitchyardError {
  return new SwitchyardError({
    code: 'unsupported',
    provider: context.provider,
    message: `${context.modelId} cannot serve this video request: ${why}.`,
  });
}
