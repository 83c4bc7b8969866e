import { checkImageResult } from '../results/check-result';
import type { Warning } from '../schemas/common';
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
> & {
  /**
   * The warnings a request earns (settings the model ignores). They join the
   * task's result, a resumed task's too, so the task model keeps nothing
   * between its submit and its result.
   */
  warnings?: (request: ImageRequest) => Warning[];
};

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
  const { warnings, ...adapterOptions } = options;
  const { capabilities, taskModel } = options;
  return {
    kind: 'image',
    ...taskRunningModel(adapterOptions, (result, request) =>
      checkImageResult({
        result: {
          ...result,
          warnings: [...(warnings?.(request) ?? []), ...result.warnings],
        },
        request,
        capabilities,
        provider: taskModel.provider,
      }),
    ),
  };
}
