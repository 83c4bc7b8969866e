import {
  SwitchyardError,
  getJson,
  modelCallOptions,
  pathSegment,
  type CallOptions,
  type TaskStatus,
} from '@switchyard/core';
import { generationSchema, type Generation } from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError } from './leonardo-error';

/**
 * Reads a generation (`GET /generations/{id}`), the one status endpoint of
 * image and motion generations alike; an id Leonardo does not know (it
 * answers `generations_by_pk: null`) is `not_found`.
 */
export async function getGeneration(context: {
  generationId: string;
  config: LeonardoModelConfig;
  options: CallOptions;
}): Promise<Generation> {
  const { generationId, config, options } = context;
  const { provider } = config;
  const { value } = await getJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: `${config.baseURL}/generations/${pathSegment(generationId, provider)}`,
    parse: generationSchema,
  });
  if (value.generations_by_pk === null) {
    throw new SwitchyardError({
      code: 'not_found',
      provider,
      message: `${provider} knows no generation ${generationId}.`,
    });
  }
  return value.generations_by_pk;
}

/**
 * The task status a generation stands for: running until COMPLETE (then
 * `toResult` reads it; a result it cannot read fails the task) or FAILED.
 * Leonardo reports no progress, queue position or reason for a failure.
 */
export function generationStatus<TResult>(context: {
  generation: Generation;
  generationId: string;
  provider: string;
  toResult: (generation: Generation) => TResult;
}): TaskStatus<TResult> {
  const { generation, generationId, provider } = context;
  switch (generation.status) {
    case 'COMPLETE':
      try {
        return { state: 'succeeded', result: context.toResult(generation) };
      } catch (error) {
        return { state: 'failed', error: error as Error };
      }
    case 'FAILED':
      return {
        state: 'failed',
        error: new SwitchyardError({
          code: 'unknown',
          provider,
          message: `The ${provider} generation ${generationId} failed; Leonardo gives no reason. Try again or another target.`,
        }),
      };
    default:
      return { state: 'running' };
  }
}
