import {
  SwitchyardError,
  ignoredSettings,
  modelCallOptions,
  omitUndefined,
  parseProviderOptions,
  postJson,
  taskModelToTrainingModel,
  type TrainingCapabilities,
  type TrainingModel,
  type TrainingRequest,
  type TrainingTaskModel,
} from '@switchyard/core';
import { modelCreateSchema } from './leonardo-api';
import { customModelStatus } from './leonardo-generation';
import type { LeonardoModelConfig } from './leonardo-config';
import { createDataset } from './leonardo-dataset';
import { mapLeonardoError } from './leonardo-error';
import { leonardoTrainingOptionsSchema } from './leonardo-training-options';

/**
 * Leonardo trainers of custom models: the training resolution is the
 * trainer, since it sets the price (Leonardo bills 768 px twice 512 px).
 */
export type LeonardoTrainerId =
  'custom-model-512' | 'custom-model-768' | (string & {});

/** Each trainer's training resolution. */
const RESOLUTIONS: Readonly<Record<string, 512 | 768>> = {
  'custom-model-512': 512,
  'custom-model-768': 768,
};

/** The Stable Diffusion versions Leonardo trains on: 1.5 (its default) and 2.1. */
const BASE_MODELS = ['v1_5', 'v2'] as const;

/**
 * Leonardo trains a custom model on a dataset; it takes no step count (it
 * chooses the steps and does not say them: `defaultSteps` 1 stands for the
 * one run a price holds). 5 to 40 images, the range its training guide
 * recommends (the API states none).
 */
export const LEONARDO_TRAINING_CAPABILITIES: TrainingCapabilities = {
  minImages: 5,
  maxImages: 40,
  defaultSteps: 1,
  maxSteps: 10_000,
  baseModels: [...BASE_MODELS],
};

/** The `sd_version` a request trains on. */
function sdVersion(request: TrainingRequest, provider: string): string {
  const base = request.baseModel ?? 'v1_5';
  if ((BASE_MODELS as readonly string[]).includes(base)) return base;
  throw new SwitchyardError({
    code: 'unsupported',
    provider,
    message: `${provider} trains on ${BASE_MODELS.join(' or ')}, not ${base}.`,
  });
}

/**
 * A Leonardo trainer: the photos go into a new dataset, `POST /models`
 * trains a custom model on it with the trigger word as `instance_prompt`,
 * and `GET /models/{id}` is polled until COMPLETE. The custom model id is
 * the task id (all a new process needs to resume) and the trained model,
 * which `imageModel(id)` generates with. A process that dies before
 * `POST /models` answers has no task: the call is submitted again, with a
 * new dataset. Leonardo has no cancel for a training run.
 */
export function createLeonardoTrainingModel(
  modelId: string,
  config: LeonardoModelConfig,
): TrainingModel {
  const { provider } = config;
  const resolution = RESOLUTIONS[modelId];
  if (resolution === undefined) {
    throw new SwitchyardError({
      code: 'unsupported',
      provider,
      message: `${provider} trainers are ${Object.keys(RESOLUTIONS).join(', ')}; it has no ${modelId}.`,
    });
  }
  const taskModel: TrainingTaskModel = {
    provider,
    modelId,
    pollIntervalMs: config.trainingPollIntervalMs ?? 15_000,
    async submit(request, options) {
      const leonardo = parseProviderOptions({
        provider,
        key: 'leonardo',
        providerOptions: request.providerOptions,
        schema: leonardoTrainingOptionsSchema,
      });
      const version = sdVersion(request, provider);
      const datasetId = await createDataset({ request, config, options });
      const { value } = await postJson({
        ...modelCallOptions({
          config,
          call: options,
          mapError: mapLeonardoError,
        }),
        url: `${config.baseURL}/models`,
        body: omitUndefined({
          name: request.name,
          description: leonardo?.description,
          datasetId,
          instance_prompt: request.triggerWord,
          modelType: leonardo?.modelType ?? 'GENERAL',
          resolution,
          sd_version: version,
          strength: leonardo?.strength ?? 'MEDIUM',
          nsfw: leonardo?.nsfw ?? false,
        }),
        parse: modelCreateSchema,
      });
      return { taskId: value.sdTrainingJob.customModelId };
    },
    status: (customModelId, options) =>
      customModelStatus({
        customModelId,
        config,
        options,
        toResult: (model) => ({
          trainedModel: { modelId: model.id },
          warnings: [],
        }),
      }),
  };
  return taskModelToTrainingModel({
    taskModel,
    capabilities: LEONARDO_TRAINING_CAPABILITIES,
    cost: config.cost,
    warnings: (request) => ignoredSettings(request, ['steps']),
  });
}
