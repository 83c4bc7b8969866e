import {
  omitUndefined,
  parseProviderOptions,
  taskModelToTrainingModel,
  type CallOptions,
  type CostMetadata,
  type TrainingCapabilities,
  type TrainingModel,
  type TrainingModelResult,
  type TrainingRequest,
  type TrainingTaskModel,
} from '@switchyard/core';
import { z } from 'zod';
import { loraTrainingOutputSchema } from './fal-api';
import { falTaskModel, type FalModelConfig } from './fal-endpoint';
import { falLoraModelId } from './fal-lora';
import { uploadToFal } from './fal-storage';
import { trainingArchive } from './training-archive';

/** fal trainers with known prices; any other fal trainer taking the same input is passed through. */
export type FalTrainingModelId =
  'fal-ai/flux-lora-fast-training' | (string & {});

/**
 * FLUX LoRA fast training (https://fal.ai/models/fal-ai/flux-lora-fast-training/api):
 * a zip of photos, 1,000 steps by default, a LoRA for FLUX.1 [dev] that
 * `fal-ai/flux-lora` serves. fal advises at least 4 photos but takes fewer;
 * 50 is the gateway's own limit; 10,000 steps an upper bound of ours.
 */
export const FAL_FLUX_LORA_TRAINING_CAPABILITIES: TrainingCapabilities = {
  minImages: 1,
  maxImages: 50,
  defaultSteps: 1000,
  maxSteps: 10_000,
  baseModels: ['fal-ai/flux/dev'],
};

/** Options under `providerOptions.fal` for a training run. */
export const falTrainingOptionsSchema = z.strictObject({
  /** Train a style: no auto-captions or segmentation masks (`is_style`). */
  isStyle: z.boolean().optional(),
  /** Segment the subject with masks while training (`create_masks`, fal's default true). */
  createMasks: z.boolean().optional(),
});
export type FalTrainingOptions = z.infer<typeof falTrainingOptionsSchema>;

/** A request whose photos are already at fal, as one archive. */
interface UploadedTraining {
  request: TrainingRequest;
  archiveUrl: string;
}

/** The trainer's input: the archive, trigger word, steps and fal's own flags. */
function trainingBody(
  { request, archiveUrl }: UploadedTraining,
  provider: string,
): Record<string, unknown> {
  const own = parseProviderOptions({
    provider,
    key: 'fal',
    providerOptions: request.providerOptions,
    schema: falTrainingOptionsSchema,
  });
  return omitUndefined({
    images_data_url: archiveUrl,
    trigger_word: request.triggerWord,
    steps: request.steps,
    create_masks: own?.createMasks,
    is_style: own?.isStyle,
  });
}

/**
 * The trainer on fal's queue. Submitting first zips the photos (fetching
 * those given by URL) and uploads the archive to fal's CDN; the task id is
 * fal's request id, so status, result and cancel need nothing else. The
 * result names the LoRA by a model id `imageModel(id)` serves as is.
 */
function falTrainingTaskModel(options: {
  modelId: string;
  config: FalModelConfig;
}): TrainingTaskModel {
  const { modelId, config } = options;
  const { provider } = config;
  const queue = falTaskModel({
    modelId,
    config,
    logs: true,
    body: (uploaded: UploadedTraining) => trainingBody(uploaded, provider),
    output: loraTrainingOutputSchema,
    toResult: (output): Promise<TrainingModelResult> => {
      const weightsUrl = output.diffusers_lora_file.url;
      return Promise.resolve({
        trainedModel: {
          modelId: falLoraModelId(weightsUrl, provider),
          weightsUrl,
        },
        warnings: [],
      });
    },
  });
  return {
    provider,
    modelId,
    pollIntervalMs: queue.pollIntervalMs,
    async submit(request: TrainingRequest, callOptions: CallOptions) {
      // Checked before the photos are fetched and uploaded.
      trainingBody({ request, archiveUrl: '' }, provider);
      const archive = await trainingArchive({
        images: request.images,
        config,
        call: callOptions,
      });
      const archiveUrl = await uploadToFal({
        bytes: archive,
        contentType: 'application/zip',
        fileName: 'training-images.zip',
        config,
        call: callOptions,
      });
      return queue.submit({ request, archiveUrl }, callOptions);
    },
    status: (taskId, callOptions) => queue.status(taskId, callOptions),
    result: (taskId, callOptions) => queue.result(taskId, callOptions),
    cancel: (taskId, callOptions) => queue.cancel(taskId, callOptions),
  };
}

/** A fal LoRA trainer: a task a durable job can resume by fal's request id, or cancel. */
export function createFalTrainingModel(options: {
  modelId: string;
  config: FalModelConfig;
  capabilities: TrainingCapabilities;
  cost?: CostMetadata;
}): TrainingModel {
  const { modelId, config, capabilities, cost } = options;
  return taskModelToTrainingModel({
    taskModel: falTrainingTaskModel({ modelId, config }),
    capabilities,
    cost,
    refuseUnsupported: true,
  });
}
