import { checkTrainingResult } from '../results/check-training';
import type { TrainingRequest } from '../schemas/training';
import type { CostMetadata } from './contract';
import { cancelQuietly, runTask, type RunTaskOptions } from './task-poller';
import type {
  TrainingCapabilities,
  TrainingModel,
  TrainingModelResult,
  TrainingTaskModel,
} from './training-contract';

/**
 * Turns a task-based trainer (submit / status / result / cancel) into a
 * {@link TrainingModel} whose `generate` runs the task to its end on core's
 * poller; a resumed task's result is checked here too.
 */
export function taskModelToTrainingModel(
  options: Omit<
    RunTaskOptions<TrainingRequest, TrainingModelResult>,
    'request' | 'callOptions' | 'taskModel'
  > & {
    taskModel: TrainingTaskModel;
    capabilities: TrainingCapabilities;
    cost?: CostMetadata;
  },
): TrainingModel {
  const { taskModel, capabilities, cost, ...pollOptions } = options;
  return {
    kind: 'training',
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
      return checkTrainingResult({ result, provider: taskModel.provider });
    },
    cancelTask: (taskId) =>
      cancelQuietly({ taskModel, taskId, callOptions: {} }),
  };
}
