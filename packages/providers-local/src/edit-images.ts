import {
  SwitchyardError,
  ignoredSettings,
  type ImageModelResult,
  type ImageRequest,
  type ReferenceImage,
  type Warning,
} from '@switchyard/core';
import { runLocalTask } from './local-task';
import { IN_PLACE_PIXEL_LIMIT } from './worker-pool';

/** Most reference images the local model takes: the first is edited, the rest lend their colours. */
export const MAX_REFERENCE_IMAGES = 4;
/** References up to this many base64 characters (~48 KB) are edited in place when the output is small too. */
const IN_PLACE_BASE64_LIMIT = 64 * 1024;

const DATA_URL = /^data:(image\/[a-z.+-]+)?(;[^,]*)?;base64,(.*)$/is;

/**
 * The base64 of a reference: inline as given, or from a `data:` URL. The
 * local provider is offline: any other URL is `unsupported`, so a route
 * moves on to a target that can fetch it.
 */
export function inlineReference(
  reference: ReferenceImage,
  provider: string,
): string {
  if ('base64' in reference) return reference.base64;
  const match = DATA_URL.exec(reference.url);
  if (match?.[3] === undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message:
        'The local provider is offline: it reads reference images inline (base64 or a data: URL), not from a URL.',
    });
  }
  return match[3];
}

function editWarnings(request: ImageRequest): Warning[] {
  const warnings = ignoredSettings(request, ['steps', 'guidance']);
  if (request.aspectRatio !== undefined && request.width === undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'aspectRatio',
      message:
        'An edit by the local model keeps the reference image’s shape (or takes width and height); aspectRatio was ignored.',
    });
  }
  return warnings;
}

/**
 * Edits the request's first reference image `n` times (consecutive seeds)
 * in worker threads: see `image-edit.ts` for what changes. A reference or
 * mask it cannot read fails with its problem's code.
 */
export async function editImages(options: {
  request: ImageRequest;
  seed: number;
  provider: string;
  signal?: AbortSignal;
}): Promise<ImageModelResult> {
  const { request, provider, signal } = options;
  const references = (request.referenceImages ?? []).map((reference) =>
    inlineReference(reference, provider),
  );
  if (references.length > MAX_REFERENCE_IMAGES) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `The local model takes at most ${MAX_REFERENCE_IMAGES} reference images; this request has ${references.length}.`,
    });
  }
  const mask =
    request.mask === undefined
      ? undefined
      : inlineReference(request.mask, provider);
  const inputCharacters = references.join('').length + (mask?.length ?? 0);
  const outputPixels = (request.width ?? 4096) * (request.height ?? 4096);
  const inPlace =
    inputCharacters <= IN_PLACE_BASE64_LIMIT &&
    outputPixels <= IN_PLACE_PIXEL_LIMIT;
  const warnings = editWarnings(request);
  const images = await Promise.all(
    Array.from({ length: request.n ?? 1 }, async (_, index) => {
      const seed = (options.seed + index) % 4_294_967_296;
      const edited = await runLocalTask(
        'edit',
        {
          prompt: request.prompt,
          ...(request.negativePrompt === undefined
            ? {}
            : { negativePrompt: request.negativePrompt }),
          seed,
          references,
          ...(mask === undefined ? {} : { mask }),
          ...(request.width === undefined
            ? {}
            : { width: request.width, height: request.height }),
        },
        { provider, signal, inPlace },
      );
      if (!edited.ok) {
        throw new SwitchyardError({
          code: edited.code,
          provider,
          message: `The local model cannot edit this image: ${edited.problem}.`,
        });
      }
      if (edited.scaledDown && index === 0) {
        warnings.push({
          type: 'adjusted-setting',
          setting: 'width',
          message: `The local model draws at most 2048 on a side; the edit is ${edited.width}×${edited.height}.`,
        });
      }
      const { width, height, base64 } = edited;
      return { base64, mimeType: 'image/png', width, height, seed };
    }),
  );
  return { images, warnings, modelId: 'procedural' };
}
