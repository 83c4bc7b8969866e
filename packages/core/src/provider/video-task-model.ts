import { checkVideoResult } from '../results/check-video';
import type { VideoRequest } from '../schemas/video';
import type { CostMetadata } from './contract';
import { cancelQuietly, runTask, type RunTaskOptions } from './task-poller';
import type {
  VideoCapabilities,
  VideoModel,
  VideoModelResult,
  VideoTaskModel,
} from './video-contract';

/**
 * Turns a task-based video model (submit / status / result / cancel) into a
 * {@link VideoModel} whose `generate` runs the task to its end on core's
 * poller; a resumed task's video is checked here too.
 */
export function taskModelToVideoModel(
  options: Omit<
    RunTaskOptions<VideoRequest, VideoModelResult>,
    'request' | 'callOptions' | 'taskModel'
  > & {
    taskModel: VideoTaskModel;
    capabilities: VideoCapabilities;
    cost?: CostMetadata;
  },
): VideoModel {
  const { taskModel, capabilities, cost, ...pollOptions } = options;
  return {
    kind: 'video',
    provider: taskModel.provider,
    modelId: taskModel.modelId,
    capabilities,
    cost,
    generate: async (request, callOptions) => {
      const result = await runTask({
        ...pollOptions,
        taskModel,
        request,
        callOptions,
      });
      return checkVideoResult({
        result,
        format: request.format,
        provider: taskModel.provider,
      });
    },
    cancelTask: (taskId) =>
      cancelQuietly({ taskModel, taskId, callOptions: {} }),
  };
}
