import {
  SwitchyardError,
  type ImageRequest,
  type ReferenceImage,
} from '@switchyard/core';
import {
  imageEditForm,
  imageFilePart,
  imageUrlOf,
  type ImageFilePart,
} from '@switchyard/openai-compatible';
import type { ImagesEditFields, ImagesEditJsonBody } from './openai-image-api';

/**
 * How a model edits: GPT image models take up to 16 PNG, JPEG or WebP images
 * (and URLs, through the JSON form); dall-e-2 takes one square PNG.
 */
export type OpenAIEditStyle = 'gpt-image' | 'dall-e-2';

/** One edit call: a multipart upload, or JSON when an image is given by URL. */
export type OpenAIEditCall =
  { type: 'form'; form: FormData } | { type: 'json'; body: ImagesEditJsonBody };

const MAX_IMAGES: Record<OpenAIEditStyle, number> = {
  'gpt-image': 16,
  'dall-e-2': 1,
};
const GPT_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * The `POST /images/edits` call for a request with `referenceImages` (and
 * maybe a `mask`). Inline images are uploaded as multipart files typed by
 * their bytes. An image given by URL is never downloaded by the gateway: a
 * GPT image model gets the JSON form, whose `image_url` OpenAI fetches
 * itself; dall-e-2 has no such form, so it refuses with `unsupported` (the
 * route falls back to a target that can). Whatever the model cannot take
 * (too many images, a type or shape it refuses) is `unsupported` too, before
 * any call: an edit is never served without its images.
 */
export function openAIEditCall(options: {
  provider: string;
  modelId: string;
  style: OpenAIEditStyle;
  request: ImageRequest;
  fields: ImagesEditFields;
}): OpenAIEditCall {
  const { style, request, fields } = options;
  const images = request.referenceImages ?? [];
  const refuse = (why: string) => unsupportedEdit(options, why);
  if (images.length > MAX_IMAGES[style]) {
    refuse(
      `it takes at most ${MAX_IMAGES[style]} reference image(s), not ${images.length}`,
    );
  }
  const inline = images.flatMap((image) => ('url' in image ? [] : [image]));
  const { mask } = request;
  const inlineMask = mask === undefined || 'url' in mask ? undefined : mask;
  if (inline.length < images.length || inlineMask !== mask) {
    if (style !== 'gpt-image') {
      refuse(
        'it takes uploaded files only; give referenceImages and mask as base64 (the gateway does not download URLs)',
      );
    }
    return { type: 'json', body: jsonEdit(fields, images, mask) };
  }
  const { provider } = options;
  const parts = inline.map((image, index) => {
    const name = `referenceImages[${index}]`;
    const part = imageFilePart({ provider, name, image });
    const refusal = refusalOf(style, part, name);
    if (refusal !== undefined) refuse(refusal);
    return part;
  });
  const maskPart =
    inlineMask === undefined
      ? undefined
      : imageFilePart({ provider, name: 'mask', image: inlineMask });
  if (maskPart !== undefined && maskPart.header.mimeType !== 'image/png') {
    refuse(
      `its mask must be a PNG with transparency, not ${maskPart.header.mimeType}`,
    );
  }
  const form = imageEditForm({
    fields: { ...fields },
    // One file goes as `image` (as recorded); several as OpenAI's `image[]`.
    imageField: parts.length > 1 ? 'image[]' : 'image',
    images: parts,
    mask: maskPart,
  });
  return { type: 'form', form };
}

function jsonEdit(
  fields: ImagesEditFields,
  images: ReferenceImage[],
  mask: ReferenceImage | undefined,
): ImagesEditJsonBody {
  return {
    ...fields,
    images: images.map((image) => ({ image_url: imageUrlOf(image) })),
    ...(mask === undefined ? {} : { mask: { image_url: imageUrlOf(mask) } }),
  };
}

/** Why the model cannot take this image, or undefined when it can. */
function refusalOf(
  style: OpenAIEditStyle,
  part: ImageFilePart,
  name: string,
): string | undefined {
  const { mimeType, width, height } = part.header;
  if (style === 'gpt-image') {
    return GPT_IMAGE_TYPES.includes(mimeType)
      ? undefined
      : `it takes PNG, JPEG or WebP images; ${name} is ${mimeType}`;
  }
  if (mimeType !== 'image/png') {
    return `it takes one square PNG; ${name} is ${mimeType}`;
  }
  if (width !== undefined && height !== undefined && width !== height) {
    return `it takes one square PNG; ${name} is ${width}x${height}`;
  }
  return undefined;
}

function unsupportedEdit(
  options: { provider: string; modelId: string },
  why: string,
): never {
  throw new SwitchyardError({
    code: 'unsupported',
    provider: options.provider,
    message: `${options.modelId} cannot serve this edit: ${why}.`,
  });
}
