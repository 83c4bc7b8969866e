import { checkImageResult } from '../results/check-result';
import type { ImageRequest } from '../schemas/image';
import type {
  ImageCapabilities,
  ImageModel,
  ImageModelResult,
} from './contract';
import { taskRunningModel, type TaskModelAdapterOptions } from './task-poller';

/** Options of {@link taskModelToImageModel}. */
export type TaskModelToImageModelOptions = TaskModelAdapterOptions<
  ImageRequest,
  ImageModelResult,
  ImageCapabilities
>;

/**
 * Turns a task-based image model (submit / status / result / cancel) into a
 * plain {@link ImageModel} whose `generate` runs the task to the end with
 * core's poller (`runTask`).
 *
 * @example
 * ```ts
 * const model = taskModelToImageModel({
 *   taskModel: new FalQueueModel(modelId, config),
 *   capabilities,
 *   pollIntervalMs: 500,
 * });
 * ```
 */
export function taskModelToImageModel(
  options: TaskModelToImageModelOptions,
): ImageModel {
  const { capabilities, taskModel } = options;
  return {
    kind: 'image',
    ...taskRunningModel(options, (result, request) =>
      checkImageResult({
        result,
        request,
        capabilities,
        provider: taskModel.provider,
      }),
    ),
  };
}
