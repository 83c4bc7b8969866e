import {
  SwitchyardError,
  type CallOptions,
  type CostMetadata,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Warning,
} from '@switchyard/core';
import { MAX_REFERENCE_IMAGES, editImages } from './edit-images';
import { applyFaults } from './faults';
import { hashText } from './random';
import { renderInPool } from './worker-pool';
import type { LocalSettings } from './settings';
import type { Color } from './procedural-image';

/** The side of a square image when the request gives no size. */
export const DEFAULT_IMAGE_SIZE = 512;
/** The largest side the procedural model draws. */
export const MAX_IMAGE_SIDE = 2048;

export const PROCEDURAL_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 16,
  sizes: {
    minWidth: 16,
    maxWidth: MAX_IMAGE_SIDE,
    minHeight: 16,
    maxHeight: MAX_IMAGE_SIDE,
  },
  aspectRatios: ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'],
  seed: true,
  negativePrompt: true,
  referenceImages: true,
  maxReferenceImages: MAX_REFERENCE_IMAGES,
  mask: true,
};

/** Local generation costs nothing. */
export const PROCEDURAL_COST: CostMetadata = { perImage: 0 };

/**
 * Creates the `procedural` image model of a local instance: draws a picture
 * from prompt and seed, or, given `referenceImages`, edits the first one
 * (only where a `mask` allows, when there is one).
 */
export function createProceduralModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
  /** A trained model's id (default `procedural`) and the palette it carries. */
  trained?: { modelId: string; palette: Color[] };
}): ImageModel {
  const { provider, settings, random, trained } = options;
  const modelId = trained?.modelId ?? 'procedural';
  return {
    kind: 'image',
    provider,
    modelId,
    capabilities: PROCEDURAL_CAPABILITIES,
    cost: PROCEDURAL_COST,
    async generate(
      request: ImageRequest,
      callOptions: CallOptions,
    ): Promise<ImageModelResult> {
      const editing = (request.referenceImages?.length ?? 0) > 0;
      if (request.mask !== undefined && !editing) {
        throw new SwitchyardError({
          code: 'invalid_request',
          provider,
          message: 'A mask needs referenceImages: the image it edits.',
        });
      }
      const size = editing ? undefined : imageSize(request, provider);
      await applyFaults({
        faults: settings.faults,
        provider,
        random,
        signal: callOptions.signal,
      });
      const seed = request.seed ?? hashText(request.prompt);
      if (size === undefined) {
        const { signal } = callOptions;
        return editImages({ request, seed, provider, signal });
      }
      const count = request.n ?? 1;
      // Rendering is CPU work: it runs in worker threads, never on the event loop.
      const images = await Promise.all(
        Array.from({ length: count }, async (_, index) => {
          // Seeds wrap so every image's seed stays a valid request seed.
          const imageSeed = (seed + index) % 4_294_967_296;
          const rendered = await renderInPool(
            {
              prompt: request.prompt,
              negativePrompt: request.negativePrompt,
              seed: imageSeed,
              ...size,
              ...(trained === undefined ? {} : { palette: trained.palette }),
            },
            callOptions.signal,
          );
          return {
            base64: rendered.base64,
            mimeType: 'image/png',
            width: rendered.width,
            height: rendered.height,
            seed: imageSeed,
          };
        }),
      );
      return {
        images,
        warnings: ignoredSettings(request),
        modelId,
      };
    },
  };
}

function imageSize(
  request: ImageRequest,
  provider: string,
): { width: number; height: number } {
  if (request.width !== undefined && request.height !== undefined) {
    if (request.width > MAX_IMAGE_SIDE || request.height > MAX_IMAGE_SIDE) {
      throw new SwitchyardError({
        code: 'invalid_request',
        provider,
        message: `The local procedural model draws at most ${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE}; ask for a smaller width and height.`,
      });
    }
    return { width: request.width, height: request.height };
  }
  if (request.aspectRatio !== undefined) {
    const [across = 1, down = 1] = request.aspectRatio
      .split(':')
      .map((part) => Math.max(1, Number(part)));
    const scale = DEFAULT_IMAGE_SIZE / Math.max(across, down);
    return {
      width: Math.max(16, Math.round((across * scale) / 8) * 8),
      height: Math.max(16, Math.round((down * scale) / 8) * 8),
    };
  }
  return { width: DEFAULT_IMAGE_SIZE, height: DEFAULT_IMAGE_SIZE };
}

function ignoredSettings(request: ImageRequest): Warning[] {
  const warnings: Warning[] = [];
  for (const setting of ['steps', 'guidance'] as const) {
    if (request[setting] !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting,
        message: `The local procedural model has no ${setting}; it was ignored.`,
      });
    }
  }
  return warnings;
}
