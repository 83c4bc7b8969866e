import {
  SwitchyardError,
  ignoredSettings,
  parseProviderOptions,
  unsupportedSetting,
  type ImageCapabilities,
  type ImageRequest,
  type ReferenceImage,
  type Warning,
} from '@switchyard/core';
import type { FalImageBody } from './fal-api';
import { falImageOptionsSchema } from './fal-options';

/** How a fal edit model takes its input images, and which generic knobs it has. */
export interface FalEditModel {
  /** One input (`image_url`) or several (`image_urls`). */
  images: 'image_url' | 'image_urls';
  maxReferenceImages: number;
  /** Takes a `mask_url` (inpainting). */
  mask: boolean;
  /** Takes `num_inference_steps` and `strength` (image-to-image). */
  steps: boolean;
  /** Takes `aspect_ratio` (Kontext); otherwise the output follows the input. */
  aspectRatios?: readonly string[];
}

const KONTEXT_RATIOS = [
  '21:9',
  '16:9',
  '4:3',
  '3:2',
  '1:1',
  '2:3',
  '3:4',
  '9:16',
  '9:21',
];

/**
 * The edit models fal lists (https://fal.ai/models/<id>/api): the input
 * field of each, from its published input schema.
 */
export const FAL_EDIT_MODELS = {
  'fal-ai/flux/dev/image-to-image': {
    images: 'image_url',
    maxReferenceImages: 1,
    mask: false,
    steps: true,
  },
  'fal-ai/flux-pro/kontext': {
    images: 'image_url',
    maxReferenceImages: 1,
    mask: false,
    steps: false,
    aspectRatios: KONTEXT_RATIOS,
  },
  'fal-ai/flux-pro/kontext/multi': {
    images: 'image_urls',
    maxReferenceImages: 4,
    mask: false,
    steps: false,
    aspectRatios: KONTEXT_RATIOS,
  },
  'fal-ai/flux-pro/v1/fill': {
    images: 'image_url',
    maxReferenceImages: 1,
    mask: true,
    steps: false,
  },
} as const satisfies Readonly<Record<string, FalEditModel>>;

/** The id of an edit model fal lists. */
export type FalEditModelId = keyof typeof FAL_EDIT_MODELS;

/** The edit model with that id, if fal lists it. */
export function findFalEditModel(modelId: string): FalEditModel | undefined {
  return Object.hasOwn(FAL_EDIT_MODELS, modelId)
    ? FAL_EDIT_MODELS[modelId as FalEditModelId]
    : undefined;
}

/** What an edit model can do, from the text-to-image capabilities. */
export function falEditCapabilities(
  base: ImageCapabilities,
  edit: FalEditModel,
): ImageCapabilities {
  return {
    ...base,
    ...(edit.aspectRatios === undefined
      ? {}
      : { aspectRatios: [...edit.aspectRatios] }),
    referenceImages: true,
    maxReferenceImages: edit.maxReferenceImages,
    mask: edit.mask,
  };
}

/**
 * A reference as fal takes it: its URL as is (fal fetches it), or inline
 * bytes as a data URL. An endpoint that refuses data URLs answers "Unsupported
 * data URL", which is mapped to `unsupported`, so the route moves on.
 */
function imageInput(image: ReferenceImage): string {
  return 'url' in image
    ? image.url
    : `data:${image.mimeType};base64,${image.base64}`;
}

function unsupported(provider: string, message: string): SwitchyardError {
  return new SwitchyardError({ code: 'unsupported', provider, message });
}

/**
 * The body of an edit model call: prompt and the generic knobs the model
 * takes, with its input image(s) and mask. Throws `unsupported` (before any
 * call) for a request without reference images, with more than the model
 * takes, or with a mask the model cannot use.
 */
export function falEditBody(options: {
  modelId: string;
  edit: FalEditModel;
  request: ImageRequest;
  provider: string;
}): FalImageBody {
  const { modelId, edit, request, provider } = options;
  const images = (request.referenceImages ?? []).map(imageInput);
  if (images.length === 0) {
    throw unsupported(
      provider,
      `${modelId} edits an image: give referenceImages, or route the request to a text-to-image model.`,
    );
  }
  if (images.length > edit.maxReferenceImages) {
    throw unsupported(
      provider,
      `${modelId} takes at most ${edit.maxReferenceImages} reference image(s), not ${images.length}.`,
    );
  }
  if (request.mask !== undefined && !edit.mask) {
    throw unsupported(
      provider,
      `${modelId} takes no mask; use fal-ai/flux-pro/v1/fill to inpaint.`,
    );
  }
  const own = parseProviderOptions({
    provider,
    key: 'fal',
    providerOptions: request.providerOptions,
    schema: falImageOptionsSchema,
  });
  const aspectRatio =
    edit.aspectRatios?.includes(request.aspectRatio ?? '') === true
      ? request.aspectRatio
      : undefined;
  return {
    prompt: request.prompt,
    ...(edit.images === 'image_url'
      ? { image_url: images[0] }
      : { image_urls: images }),
    ...(request.mask === undefined
      ? {}
      : { mask_url: imageInput(request.mask) }),
    ...(aspectRatio === undefined ? {} : { aspect_ratio: aspectRatio }),
    ...(request.n === undefined ? {} : { num_images: request.n }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.guidance === undefined
      ? {}
      : { guidance_scale: request.guidance }),
    ...(edit.steps && request.steps !== undefined
      ? { num_inference_steps: request.steps }
      : {}),
    ...(edit.steps && own?.strength !== undefined
      ? { strength: own.strength }
      : {}),
  };
}

/** The settings an edit model ignores. */
export function falEditWarnings(
  edit: FalEditModel,
  request: ImageRequest,
): Warning[] {
  const warnings = ignoredSettings(request, ['negativePrompt']);
  if (!edit.steps && request.steps !== undefined) {
    warnings.push(unsupportedSetting({ setting: 'steps' }));
  }
  if (!edit.steps && request.providerOptions?.fal?.strength !== undefined) {
    warnings.push(
      unsupportedSetting({ setting: 'providerOptions.fal.strength' }),
    );
  }
  if (request.width !== undefined) {
    warnings.push(
      unsupportedSetting({
        setting: 'width',
        details:
          'The edited image follows the size of the input image; width and height were ignored.',
      }),
    );
  }
  if (
    request.aspectRatio !== undefined &&
    !(edit.aspectRatios ?? []).includes(request.aspectRatio)
  ) {
    warnings.push(unsupportedSetting({ setting: 'aspectRatio' }));
  }
  return warnings;
}
