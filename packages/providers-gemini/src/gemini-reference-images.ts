import {
  SwitchyardError,
  type ImageRequest,
  type ReferenceImage,
} from '@switchyard/core';
import type { GeminiRequestPart } from './gemini-api';

/**
 * The request's reference images as inline parts of the message, beside its
 * text (how Gemini edits images). Refused with `unsupported`, before any
 * call, so the router moves on to a target that can serve them:
 * - a mask (Gemini edits from the instruction alone);
 * - a reference given by URL: the API takes images inline (or uploaded to
 *   its Files API), and the gateway does not fetch caller-chosen URLs from
 *   inside its network on a provider's behalf. Send it as base64.
 */
export function referenceImageParts(options: {
  request: ImageRequest;
  provider: string;
  modelId: string;
}): GeminiRequestPart[] {
  const { request, provider, modelId } = options;
  if (request.mask !== undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${modelId} takes no mask: it edits from the instruction alone; route masked edits to another provider.`,
    });
  }
  return (request.referenceImages ?? []).map((image, index) =>
    inlinePart({ image, index, provider }),
  );
}

function inlinePart(options: {
  image: ReferenceImage;
  index: number;
  provider: string;
}): GeminiRequestPart {
  const { image, index, provider } = options;
  if ('url' in image) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${provider} takes reference images inline: referenceImages[${index}] is a URL, which the gateway does not fetch for it; send the image as base64.`,
    });
  }
  return { inlineData: { mimeType: image.mimeType, data: image.base64 } };
}

/** Throws `unsupported` when a request an Imagen model serves asks for an edit. */
export function refuseEdits(options: {
  request: ImageRequest;
  provider: string;
  modelId: string;
}): void {
  const { request, provider, modelId } = options;
  if (request.referenceImages === undefined && request.mask === undefined) {
    return;
  }
  throw new SwitchyardError({
    code: 'unsupported',
    provider,
    message: `${modelId} generates from a prompt only (no reference images or mask on the Gemini API); use gemini-2.5-flash-image to edit.`,
  });
}
