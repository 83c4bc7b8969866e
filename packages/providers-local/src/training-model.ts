import {
  SwitchyardError,
  type CallOptions,
  type CostMetadata,
  type TrainingCapabilities,
  type TrainingModel,
  type TrainingModelResult,
  type TrainingRequest,
} from '@switchyard/core';
import { inlineReference } from './edit-images';
import { applyFaults } from './faults';
import { decodeImage, isDecodeProblem, type RgbaImage } from './image-decode';
import type { Color } from './procedural-image';
import { hashText } from './random';
import type { LocalSettings } from './settings';

/** The local trainer's model id (`local:style`). */
export const TRAINER_MODEL_ID = 'style';

export const TRAINER_CAPABILITIES: TrainingCapabilities = {
  minImages: 1,
  maxImages: 20,
  defaultSteps: 100,
  maxSteps: 10_000,
  baseModels: ['procedural'],
};

/** Local training costs nothing. */
export const TRAINER_COST: CostMetadata = { perRequest: 0 };

/** A trained local model's id: `trained-` then three palette colours and a hash of the trigger word. */
const TRAINED_ID =
  /^trained-([0-9a-f]{6})-([0-9a-f]{6})-([0-9a-f]{6})-[0-9a-f]{8}$/;

/**
 * The palette a trained local model id carries, or undefined for any other
 * id: the procedural model draws a trained id's pictures in these colours.
 */
export function trainedPalette(modelId: string): Color[] | undefined {
  const match = TRAINED_ID.exec(modelId);
  if (match === null) return undefined;
  return match.slice(1, 4).map((hex) => ({
    red: Number.parseInt(hex.slice(0, 2), 16),
    green: Number.parseInt(hex.slice(2, 4), 16),
    blue: Number.parseInt(hex.slice(4, 6), 16),
  }));
}

/**
 * Creates the local trainer: a fast offline stand-in for LoRA training. It
 * reads the training images' colours (their average, darkest and lightest
 * tones) and names a trained model that carries them, so the procedural
 * model's pictures for that id visibly take the photos' palette; the whole
 * train-then-generate loop runs with no keys.
 */
export function createTrainingModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
}): TrainingModel {
  const { provider, settings, random } = options;
  return {
    kind: 'training',
    provider,
    modelId: TRAINER_MODEL_ID,
    capabilities: TRAINER_CAPABILITIES,
    cost: TRAINER_COST,
    async generate(
      request: TrainingRequest,
      callOptions: CallOptions,
    ): Promise<TrainingModelResult> {
      await applyFaults({
        faults: settings.faults,
        provider,
        random,
        signal: callOptions.signal,
      });
      const images = request.images.map((image) =>
        decoded(inlineReference(image, provider), provider),
      );
      const palette = paletteOf(images).map(hexOf).join('-');
      const word = hashText(request.triggerWord).toString(16).padStart(8, '0');
      return {
        trainedModel: { modelId: `trained-${palette}-${word.slice(-8)}` },
        steps: request.steps ?? TRAINER_CAPABILITIES.defaultSteps,
        warnings: [],
        modelId: TRAINER_MODEL_ID,
      };
    },
  };
}

function decoded(base64: string, provider: string): RgbaImage {
  const image = decodeImage(base64);
  if (isDecodeProblem(image)) {
    throw new SwitchyardError({
      code: image.code,
      provider,
      message: `A training image cannot be read: ${image.problem}.`,
    });
  }
  return image;
}

/** The images' average colour, then their darkest and lightest pixels' average tones. */
function paletteOf(images: RgbaImage[]): Color[] {
  const all = { sum: [0, 0, 0], count: 0 };
  const dark = { sum: [0, 0, 0], count: 0 };
  const light = { sum: [0, 0, 0], count: 0 };
  for (const image of images) {
    // Every 7th pixel is plenty for a palette, and keeps big photos cheap.
    for (let offset = 0; offset < image.rgba.length; offset += 4 * 7) {
      const red = image.rgba[offset] ?? 0;
      const green = image.rgba[offset + 1] ?? 0;
      const blue = image.rgba[offset + 2] ?? 0;
      const luma = red * 0.3 + green * 0.59 + blue * 0.11;
      const buckets = [all];
      if (luma < 96) buckets.push(dark);
      else if (luma > 160) buckets.push(light);
      for (const bucket of buckets) {
        bucket.sum = [
          (bucket.sum[0] ?? 0) + red,
          (bucket.sum[1] ?? 0) + green,
          (bucket.sum[2] ?? 0) + blue,
        ];
        bucket.count += 1;
      }
    }
  }
  const average = averageOf(all);
  return [
    average,
    dark.count > 0 ? averageOf(dark) : average,
    light.count > 0 ? averageOf(light) : average,
  ];
}

function averageOf(bucket: { sum: number[]; count: number }): Color {
  const [red = 0, green = 0, blue = 0] = bucket.sum.map((total) =>
    Math.round(total / Math.max(1, bucket.count)),
  );
  return { red, green, blue };
}

function hexOf(color: Color): string {
  return [color.red, color.green, color.blue]
    .map((value) => value.toString(16).padStart(2, '0'))
    .join('');
}
