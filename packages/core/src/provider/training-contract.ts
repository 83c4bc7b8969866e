import { z } from 'zod';
import type { Warning } from '../schemas/common';
import type { TrainingRequest } from '../schemas/training';
import type { CallOptions, ModelBase, TaskModel } from './contract';

/** What a trainer can do: the router skips a target whose trainer cannot serve a request. */
export const trainingCapabilitiesSchema = z.object({
  /** Fewest training images it takes. */
  minImages: z.number().int().positive(),
  /** Most training images it takes. */
  maxImages: z.number().int().positive(),
  /** Steps it runs when a request names none (what a per-step price holds for). */
  defaultSteps: z.number().int().positive(),
  /** Most steps it runs. */
  maxSteps: z.number().int().positive(),
  /** Base models it trains on; undefined for any, or for none to choose. */
  baseModels: z.array(z.string()).optional(),
});
export type TrainingCapabilities = z.infer<typeof trainingCapabilitiesSchema>;

/** What a trainer returns for one run. */
export interface TrainingModelResult {
  trainedModel: {
    /** The trained model's id at the provider: what its `imageModel(id)` serves. */
    modelId: string;
    /** Where the provider keeps the weights, when it says. */
    weightsUrl?: string;
  };
  /** Steps the run took, when the provider says (what a per-step price charges). */
  steps?: number;
  warnings: Warning[];
  /** The trainer id the provider reports it used, when it says. */
  modelId?: string;
}

/** A trainer: turns photos and a trigger word into a custom image model; task-based. */
export interface TrainingModel extends ModelBase<TrainingCapabilities> {
  readonly kind: 'training';
  generate(
    request: TrainingRequest,
    options: CallOptions,
  ): Promise<TrainingModelResult>;
  /** Task-based models only: stops a task this model submitted (best effort, never rejects). */
  cancelTask?(taskId: string): Promise<void>;
}

/** A task-based trainer. */
export type TrainingTaskModel = TaskModel<TrainingRequest, TrainingModelResult>;
