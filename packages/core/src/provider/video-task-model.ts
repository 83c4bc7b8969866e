import { checkVideoResult } from '../results/check-video';
import type { VideoRequest } from '../schemas/video';
import { videoUnsupported } from '../engine/supports';
import { taskRunningModel, type TaskModelAdapterOptions } from './task-poller';
import type {
  VideoCapabilities,
  VideoModel,
  VideoModelResult,
} from './video-contract';

/**
 * Turns a task-based video model (submit / status / result / cancel) into a
 * {@link VideoModel} whose `generate` runs the task to its end on core's
 * poller; a resumed task's video is checked here too.
 */
export function taskModelToVideoModel(
  options: TaskModelAdapterOptions<
    VideoRequest,
    VideoModelResult,
    VideoCapabilities
  >,
): VideoModel {
  const { provider } = options.taskModel;
  return {
    kind: 'video',
    ...taskRunningModel(
      options,
      (result, request) =>
        checkVideoResult({ result, format: request.format, provider }),
      videoUnsupported,
    ),
  };
}
