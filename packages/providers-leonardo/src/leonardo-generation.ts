import {
  SwitchyardError,
  getJson,
  modelCallOptions,
  pathSegment,
  type CallOptions,
  type TaskStatus,
} from '@switchyard/core';
import type { z } from 'zod';
import {
  customModelSchema,
  generationSchema,
  type Generation,
} from './leonardo-api';
import type { LeonardoModelConfig } from './leonardo-config';
import { mapLeonardoError } from './leonardo-error';

/** What {@link pollLeonardoJob} reads: one of Leonardo's `GET /{kind}/{id}` records. */
interface LeonardoJobKind<TValue, TRecord extends { status: string }> {
  /** The collection in the URL: `generations` or `models`. */
  path: string;
  parse: z.ZodType<TValue>;
  /** The record the answer carries; Leonardo answers `null` for an id it does not know. */
  pick: (value: TValue) => TRecord | null;
  /** How messages name a job of this kind, given its id. */
  name: (id: string) => string;
  /** What failed, for the message of a FAILED job. Default: {@link name}. */
  failed?: (id: string) => string;
  /** Said after "Leonardo gives no reason." Default: nothing. */
  advice?: string;
}

/** Image and motion generations alike: `GET /generations/{id}`. */
const GENERATION: LeonardoJobKind<
  z.infer<typeof generationSchema>,
  Generation
> = {
  path: 'generations',
  parse: generationSchema,
  pick: (value) => value.generations_by_pk,
  name: (id) => `generation ${id}`,
  advice: ' Try again or another target.',
};

/** A custom model in training: `GET /models/{id}`. */
const CUSTOM_MODEL: LeonardoJobKind<
  z.infer<typeof customModelSchema>,
  { id: string; status: string }
> = {
  path: 'models',
  parse: customModelSchema,
  pick: (value) => value.custom_models_by_pk,
  name: (id) => `custom model ${id}`,
  failed: (id) => `training of custom model ${id}`,
};

/**
 * Reads a Leonardo job and the task status it stands for: running until
 * COMPLETE (then `toResult` reads it; a result it cannot read fails the
 * task) or FAILED. An id Leonardo does not know is `not_found`. Leonardo
 * reports no progress, queue position or reason for a failure.
 */
async function pollLeonardoJob<
  TValue,
  TRecord extends { status: string },
  TResult,
>(
  kind: LeonardoJobKind<TValue, TRecord>,
  context: {
    id: string;
    config: LeonardoModelConfig;
    options: CallOptions;
    toResult: (record: TRecord) => TResult;
  },
): Promise<TaskStatus<TResult>> {
  const { id, config, options } = context;
  const { provider } = config;
  const { value } = await getJson({
    ...modelCallOptions({ config, call: options, mapError: mapLeonardoError }),
    url: `${config.baseURL}/${kind.path}/${pathSegment(id, provider)}`,
    parse: kind.parse,
  });
  const record = kind.pick(value);
  if (record === null) {
    throw new SwitchyardError({
      code: 'not_found',
      provider,
      message: `${provider} knows no ${kind.name(id)}.`,
    });
  }
  switch (record.status) {
    case 'COMPLETE':
      try {
        return { state: 'succeeded', result: context.toResult(record) };
      } catch (error) {
        return { state: 'failed', error: error as Error };
      }
    case 'FAILED':
      return {
        state: 'failed',
        error: new SwitchyardError({
          code: 'unknown',
          provider,
          message: `The ${provider} ${(kind.failed ?? kind.name)(id)} failed; Leonardo gives no reason.${kind.advice ?? ''}`,
        }),
      };
    default:
      return { state: 'running' };
  }
}

/** The status of an image or motion generation (`GET /generations/{id}`). */
export function generationStatus<TResult>(context: {
  generationId: string;
  config: LeonardoModelConfig;
  options: CallOptions;
  toResult: (generation: Generation) => TResult;
}): Promise<TaskStatus<TResult>> {
  const { generationId, ...rest } = context;
  return pollLeonardoJob(GENERATION, { id: generationId, ...rest });
}

/** The status of a custom model in training (`GET /models/{id}`); its id once COMPLETE. */
export function customModelStatus<TResult>(context: {
  customModelId: string;
  config: LeonardoModelConfig;
  options: CallOptions;
  toResult: (model: { id: string }) => TResult;
}): Promise<TaskStatus<TResult>> {
  const { customModelId, ...rest } = context;
  return pollLeonardoJob(CUSTOM_MODEL, { id: customModelId, ...rest });
}
