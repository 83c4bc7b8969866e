import {
  ignoredSettings,
  omitUndefined,
  taskModelToImageModel,
  unsupportedSetting,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Warning,
} from '@switchyard/core';
import { mimeTypeOf, outputURLs, type PredictionInput } from './replicate-api';
import {
  createPredictionTaskModel,
  type PredictionKind,
  type ReplicateModelConfig,
} from './replicate-prediction';

/** Replicate model ids (`owner/name`, or `owner/name:version`); any other is passed through. */
export type ReplicateImageModelId =
  | 'black-forest-labs/flux-schnell'
  | 'black-forest-labs/flux-dev'
  | (string & {});

export const REPLICATE_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 4,
  sizes: ['1024x1024'],
  aspectRatios: [
    '1:1',
    '16:9',
    '21:9',
    '3:2',
    '2:3',
    '4:5',
    '5:4',
    '3:4',
    '4:3',
    '9:16',
    '9:21',
  ],
  seed: true,
  negativePrompt: false,
};

function inputOf(request: ImageRequest): PredictionInput {
  return omitUndefined({
    prompt: request.prompt,
    num_outputs: request.n,
    aspect_ratio: request.aspectRatio,
    seed: request.seed,
    num_inference_steps: request.steps,
    guidance: request.guidance,
  });
}

/** The settings Replicate's image models ignore. */
function requestWarnings(request: ImageRequest): Warning[] {
  const warnings = ignoredSettings(request, [
    'negativePrompt',
    'referenceImages',
  ]);
  if (request.width !== undefined) {
    warnings.push(
      unsupportedSetting({
        setting: 'width',
        details:
          'Replicate image models take aspectRatio; width and height were ignored.',
      }),
    );
  }
  return warnings;
}

/** How an image prediction is asked for and read: its output URLs are the images. */
const IMAGE_PREDICTION: PredictionKind<ImageRequest, ImageModelResult> = {
  input: inputOf,
  result: (prediction) =>
    Promise.resolve({
      images: outputURLs(prediction).map((url) => ({
        url,
        mimeType: mimeTypeOf(url),
      })),
      warnings: [],
    }),
};

/**
 * A Replicate image model run as a prediction: created with `Prefer: wait`
 * (fast models answer at once), else polled until it succeeds, fails or is
 * cancelled; cancelled at Replicate when the caller gives up.
 */
export function createReplicateImageModel(
  modelId: string,
  config: ReplicateModelConfig,
): ImageModel {
  return taskModelToImageModel({
    taskModel: createPredictionTaskModel({
      modelId,
      config,
      kind: IMAGE_PREDICTION,
    }),
    capabilities: REPLICATE_IMAGE_CAPABILITIES,
    cost: config.cost,
    warnings: requestWarnings,
  });
}
