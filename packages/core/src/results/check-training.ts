import { z } from 'zod';
import type { TrainingModelResult } from '../provider/training-contract';
import { isValidModelId } from '../safety/model-id';
import { checkWarnings, invalidResponse } from './check-result';

const trainedSchema = z.object({
  trainedModel: z.object({
    modelId: z.string().min(1).max(256),
    weightsUrl: z.url().max(4_096).optional(),
  }),
  steps: z.number().int().positive().optional(),
  modelId: z.string().optional(),
});

/**
 * Checks what a trainer returned: a trained model id that later calls can
 * name (a valid model id), and the steps it ran when it says. Throws an
 * `invalid_response` SwitchyardError saying what is wrong.
 */
export function checkTrainingResult(options: {
  result: unknown;
  provider: string;
}): TrainingModelResult {
  const { result, provider } = options;
  const invalid = (problem: string) => invalidResponse(provider, problem);
  const parsed = trainedSchema.safeParse(result);
  if (!parsed.success) throw invalid('it names no trained model');
  const { trainedModel, steps, modelId } = parsed.data;
  if (!isValidModelId(trainedModel.modelId)) {
    throw invalid('its trained model id is not a model id');
  }
  return {
    trainedModel,
    ...(steps === undefined ? {} : { steps }),
    ...(modelId === undefined ? {} : { modelId }),
    warnings: checkWarnings(
      (result as { warnings?: unknown }).warnings,
      invalid,
    ),
  };
}
