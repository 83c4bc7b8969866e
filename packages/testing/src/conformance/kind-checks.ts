import {
  checkVideoResult,
  costMetadataSchema,
  finishReasonSchema,
  generatedImageSchema,
  imageCapabilitiesSchema,
  musicCapabilitiesSchema,
  speechCapabilitiesSchema,
  textCapabilitiesSchema,
  usageSchema,
  videoCapabilitiesSchema,
  trainingCapabilitiesSchema,
  checkTrainingResult,
  warningSchema,
  type Model,
  type ModelInfo,
  type ModelKind,
  type VideoFormat,
} from '@switchyard/core';
import { expect } from 'vitest';
import { checkModelAudio } from './audio-checks';

/** A schema, as far as these checks use one. */
interface Schema {
  safeParse(value: unknown): { error?: unknown };
}

/** The capabilities schema of each kind of model. */
export const CAPABILITY_SCHEMAS: Record<ModelKind, Schema> = {
  image: imageCapabilitiesSchema,
  text: textCapabilitiesSchema,
  speech: speechCapabilitiesSchema,
  music: musicCapabilitiesSchema,
  video: videoCapabilitiesSchema,
  training: trainingCapabilitiesSchema,
};

/** How far a model's own durationMs may be from what its bytes decode to. */
const DURATION_TOLERANCE = { ms: 50, share: 0.05 };

/** A model, and every model its provider lists, describe themselves with the contract's fields and schemas. */
export function expectModelContract(options: {
  model: Model;
  kind: ModelKind;
  modelId: string;
  listed?: ModelInfo[];
}): void {
  const { model, kind } = options;
  expect(model.kind).toBe(kind);
  expect(model.modelId).toBe(options.modelId);
  expect(typeof model.provider).toBe('string');
  const capabilities = CAPABILITY_SCHEMAS[kind].safeParse(model.capabilities);
  expect(capabilities.error).toBeUndefined();
  if (model.cost !== undefined) {
    expect(costMetadataSchema.safeParse(model.cost).error).toBeUndefined();
  }
  for (const info of options.listed ?? []) {
    const listed = CAPABILITY_SCHEMAS[info.kind].safeParse(info.capabilities);
    expect(listed.error, info.id).toBeUndefined();
  }
}

/**
 * What is wrong with a result a model returned for a request of `kind`, or
 * undefined: it must parse with the published schemas, and audio must decode
 * as the format it declares (the one asked for, when the request names one),
 * with a duration above zero that matches the model's own, if it gives one.
 */
export async function resultProblem(options: {
  kind: ModelKind;
  result: unknown;
  request: unknown;
}): Promise<string | undefined> {
  const result = (options.result ?? {}) as Record<string, unknown>;
  const warnings = warningSchema.array().safeParse(result.warnings);
  if (!warnings.success)
    return `its warnings do not parse: ${warnings.error.message}`;
  switch (options.kind) {
    case 'image': {
      const images = generatedImageSchema
        .array()
        .min(1)
        .safeParse(result.images);
      return images.success
        ? undefined
        : `its images do not parse: ${images.error.message}`;
    }
    case 'text': {
      if (typeof result.text !== 'string') return 'it has no text';
      if (!finishReasonSchema.safeParse(result.finishReason).success)
        return 'its finishReason does not parse';
      return usageSchema.safeParse(result.usage).success
        ? undefined
        : 'its usage does not parse';
    }
    case 'speech':
    case 'music':
      return audioProblem(result.audio, options.request);
    case 'video':
      return videoProblem(result, options.request);
    case 'training':
      return checkedProblem(() =>
        checkTrainingResult({ result, provider: 'model' }),
      );
  }
}

/** A video result must pass the gateway's own check (bytes that decode as the format, or a URL with a length). */
function videoProblem(
  result: Record<string, unknown>,
  request: unknown,
): string | undefined {
  return checkedProblem(() =>
    checkVideoResult({
      result,
      format: (request as { format?: VideoFormat } | undefined)?.format,
      provider: 'model',
    }),
  );
}

/** The message of what a check throws, or undefined when it passes. */
function checkedProblem(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function audioProblem(
  audio: unknown,
  request: unknown,
): Promise<string | undefined> {
  const checked = await checkModelAudio(audio);
  if (!checked.ok) return checked.problem;
  const asked = (request as { format?: unknown } | undefined)?.format;
  if (asked !== undefined && asked !== checked.format) {
    return `it returned ${checked.format} where ${JSON.stringify(asked)} was asked for`;
  }
  const stated = (audio as { durationMs?: unknown }).durationMs;
  if (checked.decoded && typeof stated === 'number') {
    const allowed = Math.max(
      DURATION_TOLERANCE.ms,
      checked.durationMs * DURATION_TOLERANCE.share,
    );
    if (Math.abs(stated - checked.durationMs) > allowed) {
      return `it says ${stated} ms but its bytes last ${Math.round(checked.durationMs)} ms`;
    }
  }
  return undefined;
}

/** Asserts a result is valid for its kind (see {@link resultProblem}). */
export async function expectValidResult(options: {
  kind: ModelKind;
  result: unknown;
  request: unknown;
}): Promise<void> {
  expect(await resultProblem(options)).toBeUndefined();
}
