import {
  omitUndefined,
  unsupportedSetting,
  type ReferenceImage,
  type VideoCapabilities,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';

/**
 * What a family of fal video endpoints takes, from each family's published
 * input schema (https://fal.ai/models/<id>/api):
 * - Kling (`fal-ai/kling-video/…`): `prompt`, `negative_prompt`, `duration`
 *   as the string "5" or "10", `aspect_ratio` (text-to-video: 16:9, 9:16,
 *   1:1), `image_url` (image-to-video); no seed.
 * - LTX Video (`fal-ai/ltx-video`, `…/image-to-video`): `prompt`,
 *   `negative_prompt`, `seed`, `image_url`; no length or ratio to choose.
 * - MiniMax Video-01 (`fal-ai/minimax/video-01`, `…/image-to-video`):
 *   `prompt`, `image_url`; 6 s clips, no seed or negative prompt.
 * - Any other fal video id: `prompt`, `negative_prompt`, `seed`,
 *   `aspect_ratio`, `image_url` as most of fal's video schemas name them;
 *   no length is sent, so the model's own is assumed (5 s).
 */
export interface FalVideoFamily {
  name: 'kling' | 'ltx' | 'minimax' | 'other';
  /** The lengths it makes, in seconds (sent as strings); one means fixed. */
  seconds: readonly number[];
  /** Its length is a documented choice (Kling), not a fixed or assumed one. */
  sendsDuration: boolean;
  negativePrompt: boolean;
  seed: boolean;
  /** Text-to-video ratios it takes: a list, `any` (passed on as asked), or undefined for none to choose. */
  aspectRatios?: readonly string[] | 'any';
}

const FAMILIES: ReadonlyArray<{ test: RegExp; family: FalVideoFamily }> = [
  {
    test: /^fal-ai\/kling-video\//,
    family: {
      name: 'kling',
      seconds: [5, 10],
      sendsDuration: true,
      negativePrompt: true,
      seed: false,
      aspectRatios: ['16:9', '9:16', '1:1'],
    },
  },
  {
    test: /^fal-ai\/ltx-video(\/image-to-video)?$/,
    // LTX Video (preview) makes one clip of about 5 s (an estimate: the
    // schema takes no length and fal does not say).
    family: {
      name: 'ltx',
      seconds: [5],
      sendsDuration: false,
      negativePrompt: true,
      seed: true,
    },
  },
  {
    test: /^fal-ai\/minimax\/video-01(\/image-to-video)?$/,
    family: {
      name: 'minimax',
      seconds: [6],
      sendsDuration: false,
      negativePrompt: false,
      seed: false,
    },
  },
];

const OTHER: FalVideoFamily = {
  name: 'other',
  seconds: [5],
  sendsDuration: false,
  negativePrompt: true,
  seed: true,
  aspectRatios: 'any',
};

/** Whether a text-to-video request's ratio is sent: the family takes it, and this one. */
function sendsRatio(
  family: FalVideoFamily,
  fromImage: boolean,
  ratio: string,
): boolean {
  const ratios = family.aspectRatios;
  if (fromImage || ratios === undefined) return false;
  return ratios === 'any' || ratios.includes(ratio);
}

/** The family of a fal video model id (`other` for ids no family matches). */
export function falVideoFamily(modelId: string): FalVideoFamily {
  return FAMILIES.find(({ test }) => test.test(modelId))?.family ?? OTHER;
}

/** fal names image-to-video endpoints `…/image-to-video`; every other id starts from a prompt. */
export function isImageToVideo(modelId: string): boolean {
  return modelId.endsWith('/image-to-video');
}

/** What a fal video model can do, from its family and whether it starts from an image. */
export function falVideoCapabilities(modelId: string): VideoCapabilities {
  const family = falVideoFamily(modelId);
  const fromImage = isImageToVideo(modelId);
  const shortest = Math.min(...family.seconds) * 1000;
  const longest = Math.max(...family.seconds) * 1000;
  return {
    formats: ['mp4'],
    maxDurationMs: longest,
    ...(family.sendsDuration ? { minDurationMs: shortest } : {}),
    defaultDurationMs: shortest,
    textToVideo: !fromImage,
    imageToVideo: fromImage,
    // An image-to-video clip takes the first frame's shape.
    ...(family.aspectRatios === undefined ||
    family.aspectRatios === 'any' ||
    fromImage
      ? {}
      : { aspectRatios: [...family.aspectRatios] }),
    audio: false,
    seed: family.seed,
  };
}

/**
 * The length made for a request, in seconds: the longest the family offers
 * within what was asked (so the clip is never longer than the price was
 * held for), else its shortest.
 */
export function falVideoSeconds(
  family: FalVideoFamily,
  request: VideoRequest,
): number {
  const shortest = Math.min(...family.seconds);
  if (request.durationMs === undefined) return shortest;
  const asked = request.durationMs / 1000;
  return family.seconds
    .filter((seconds) => seconds <= asked)
    .reduce((best, seconds) => Math.max(best, seconds), shortest);
}

/** An image as fal takes it: its URL as is (fal fetches it), inline bytes as a data URL. */
export function falImageInput(image: ReferenceImage): string {
  return 'url' in image
    ? image.url
    : `data:${image.mimeType};base64,${image.base64}`;
}

/** The JSON input of a fal video endpoint for a request it can serve. */
export function falVideoBody(
  modelId: string,
  request: VideoRequest,
): Record<string, unknown> {
  const family = falVideoFamily(modelId);
  const fromImage = isImageToVideo(modelId);
  const { aspectRatio } = request;
  const ratio =
    aspectRatio !== undefined && sendsRatio(family, fromImage, aspectRatio)
      ? aspectRatio
      : undefined;
  return omitUndefined({
    prompt: request.prompt,
    negative_prompt: family.negativePrompt ? request.negativePrompt : undefined,
    duration: family.sendsDuration
      ? String(falVideoSeconds(family, request))
      : undefined,
    aspect_ratio: ratio,
    seed: family.seed ? request.seed : undefined,
    image_url:
      request.image === undefined ? undefined : falImageInput(request.image),
  });
}

/** The settings a fal video model leaves out or changes, as warnings. */
export function falVideoWarnings(
  modelId: string,
  request: VideoRequest,
): Warning[] {
  const family = falVideoFamily(modelId);
  const fromImage = isImageToVideo(modelId);
  const warnings: Warning[] = [];
  const ignore = (setting: string, details?: string) =>
    warnings.push(unsupportedSetting({ setting, details }));
  if (request.negativePrompt !== undefined && !family.negativePrompt) {
    ignore('negativePrompt');
  }
  if (request.seed !== undefined && !family.seed) ignore('seed');
  if (request.fps !== undefined) ignore('fps');
  if (request.width !== undefined) {
    ignore(
      'width',
      'fal video models take no size; width and height were ignored.',
    );
  }
  const { aspectRatio } = request;
  if (
    aspectRatio !== undefined &&
    !sendsRatio(family, fromImage, aspectRatio)
  ) {
    ignore(
      'aspectRatio',
      fromImage ? 'The video takes the shape of its first frame.' : undefined,
    );
  }
  const made = falVideoSeconds(family, request) * 1000;
  if (request.durationMs !== undefined && request.durationMs !== made) {
    ignore(
      'durationMs',
      `The model makes ${family.seconds.join(' or ')} s videos; this one lasts ${made / 1000} s.`,
    );
  }
  return warnings;
}
