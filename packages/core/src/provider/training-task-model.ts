import { checkTrainingResult } from '../results/check-training';
import type { TrainingRequest } from '../schemas/training';
import { trainingUnsupported } from '../engine/supports';
import { taskRunningModel, type TaskModelAdapterOptions } from './task-poller';
import type {
  TrainingCapabilities,
  TrainingModel,
  TrainingModelResult,
} from './training-contract';

/**
 * Turns a task-based trainer (submit / status / result / cancel) into a
 * {@link TrainingModel} whose `generate` runs the task to its end on core's
 * poller; a resumed task's result is checked here too.
 */
export function taskModelToTrainingModel(
  options: TaskModelAdapterOptions<
    TrainingRequest,
    TrainingModelResult,
    TrainingCapabilities
  >,
): TrainingModel {
  const { provider } = options.taskModel;
  return {
    kind: 'training',
    ...taskRunningModel(
      options,
      (result) => checkTrainingResult({ result, provider }),
      trainingUnsupported,
    ),
  };
}
