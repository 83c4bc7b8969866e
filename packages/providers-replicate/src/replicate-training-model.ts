import {
  SwitchyardError,
  assertModelId,
  modelPath,
  omitUndefined,
  parseProviderOptions,
  pathSegment,
  taskModelToTrainingModel,
  zipStored,
  type CallOptions,
  type TrainingCapabilities,
  type TrainingModel,
  type TrainingModelResult,
  type TrainingRequest,
} from '@switchyard/core';
import { z } from 'zod';
import { trainingSchema, type Training } from './replicate-api';
import { imageFileName, uploadFile } from './replicate-files';
import { REPLICATE_MODEL_ID } from './replicate-prediction';
import {
  createReplicateTaskModel,
  type ReplicateModelConfig,
} from './replicate-task';

/** Replicate trainer ids: the FLUX LoRA trainer, or another `owner/name:version`. */
export type ReplicateTrainingModelId =
  'ostris/flux-dev-lora-trainer' | (string & {});

/** A Replicate model a training pushes to: `owner/name`. */
export const TRAINING_DESTINATION = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/**
 * The version each listed trainer runs (a training always names one): the
 * FLUX LoRA trainer's of the captured run (trainings.get.succeeded.json).
 */
const TRAINER_VERSIONS: Record<string, string> = {
  'ostris/flux-dev-lora-trainer':
    'e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497',
};

/**
 * A trainer Switchyard does not list: photos in a ZIP (`input_images`), a
 * trigger word and steps, as Replicate's image trainers take them.
 */
export const REPLICATE_TRAINING_CAPABILITIES: TrainingCapabilities = {
  minImages: 1,
  maxImages: 50,
  defaultSteps: 1_000,
  maxSteps: 6_000,
};

/** Ostris's FLUX.1 [dev] LoRA trainer: 1,000 steps by default, at most 6,000. */
export const FLUX_LORA_TRAINER_CAPABILITIES: TrainingCapabilities = {
  ...REPLICATE_TRAINING_CAPABILITIES,
  baseModels: ['black-forest-labs/flux-dev'],
};

/** `providerOptions.replicate` of a training request. */
const trainingOptionsSchema = z.strictObject({
  /** The model the trained version is pushed to (`owner/name`, one you own); default the setting. */
  destination: z.string().regex(TRAINING_DESTINATION).optional(),
  /** More trainer input fields (`lora_rank`, `autocaption`, …), over Switchyard's. */
  input: z.record(z.string(), z.unknown()).optional(),
});

function invalid(provider: string, message: string): SwitchyardError {
  return new SwitchyardError({ code: 'invalid_request', provider, message });
}

/** The trainer's `owner/name` and the version the training runs. */
function trainerOf(modelId: string, provider: string) {
  const [model = '', pinned] = modelId.split(':');
  const version = pinned ?? TRAINER_VERSIONS[model];
  if (version === undefined) {
    throw invalid(
      provider,
      `A Replicate training runs a trainer version: name it as "${model}:<version>".`,
    );
  }
  return { model, version };
}

/** The photos as a ZIP: inline images only (the gateway fetches no caller URL). */
function photoArchive(request: TrainingRequest, provider: string): Uint8Array {
  const entries = request.images.map((image, index) => {
    if ('url' in image) {
      throw invalid(
        provider,
        `${provider} trains on a ZIP the gateway builds from the photos: images[${index}] is a URL, which the gateway does not fetch; send it as base64.`,
      );
    }
    const name = `image-${String(index + 1).padStart(2, '0')}`;
    return {
      name: imageFileName(name, image.mimeType),
      data: Buffer.from(image.base64, 'base64'),
    };
  });
  return zipStored(entries);
}

/** The create call of a training, every check made before the upload. */
async function createTraining(context: {
  request: TrainingRequest;
  modelId: string;
  config: ReplicateModelConfig;
  options: CallOptions;
}): Promise<{ url: string; body: object }> {
  const { request, config, modelId } = context;
  const { provider } = config;
  assertModelId({ provider, modelId, rule: REPLICATE_MODEL_ID });
  const extra = parseProviderOptions({
    provider,
    key: 'replicate',
    providerOptions: request.providerOptions,
    schema: trainingOptionsSchema,
  });
  const destination = extra?.destination ?? config.trainingDestination;
  if (destination === undefined) {
    throw invalid(
      provider,
      `A Replicate training pushes its version to a model you own: set the provider's "trainingDestination" setting ("owner/model") or providerOptions.replicate.destination.`,
    );
  }
  const trainer = trainerOf(modelId, provider);
  const archive = photoArchive(request, provider);
  const inputImages = await uploadFile({
    file: {
      bytes: archive,
      fileName: 'images.zip',
      mimeType: 'application/zip',
    },
    config,
    options: context.options,
  });
  const path = modelPath({
    provider,
    modelId: trainer.model,
    rule: REPLICATE_MODEL_ID,
  });
  return {
    url: `${config.baseURL}/models/${path}/versions/${pathSegment(trainer.version, provider)}/trainings`,
    body: {
      destination,
      input: {
        ...omitUndefined({
          input_images: inputImages,
          trigger_word: request.triggerWord,
          steps: request.steps,
        }),
        ...extra?.input,
      },
    },
  };
}

/** A finished training's result: the new version, which `imageModel(id)` runs as is. */
function trainedResult(
  training: Training,
  provider: string,
): Promise<TrainingModelResult> {
  const version = training.output?.version;
  if (version == null || !REPLICATE_MODEL_ID.pattern.test(version)) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider,
      message: `The ${provider} training ${training.id} succeeded without a model version ("owner/name:version").`,
    });
  }
  const weights = z.url().safeParse(training.output?.weights);
  const steps = training.input?.steps;
  return Promise.resolve({
    trainedModel: {
      modelId: version,
      ...(weights.success ? { weightsUrl: weights.data } : {}),
    },
    ...(typeof steps === 'number' && Number.isInteger(steps) && steps > 0
      ? { steps }
      : {}),
    warnings: [],
  });
}

/**
 * A Replicate trainer: the photos zipped and uploaded (files API), then a
 * training (`POST /models/{trainer}/versions/{version}/trainings`) pushing
 * a new version to the destination model, on core's poller (progress and
 * log lines from its logs, cancel at Replicate, resumed by its id). The
 * trained model is that version, `owner/name:version`.
 */
export function createReplicateTrainingModel(
  modelId: string,
  config: ReplicateModelConfig,
  capabilities: TrainingCapabilities = REPLICATE_TRAINING_CAPABILITIES,
): TrainingModel {
  const taskModel = createReplicateTaskModel({
    modelId,
    config,
    collection: 'trainings',
    schema: trainingSchema,
    preferWait: false,
    create: (request: TrainingRequest, options) =>
      createTraining({ request, modelId, config, options }),
    isDone: (training) => training.status === 'succeeded',
    result: (training) => trainedResult(training, config.provider),
  });
  return taskModelToTrainingModel({
    taskModel,
    capabilities,
    cost: config.cost,
    refuseUnsupported: true,
  });
}
