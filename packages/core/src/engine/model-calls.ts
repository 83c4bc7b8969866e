import { SwitchyardError } from '../errors/switchyard-error';
import type {
  CallOptions,
  ImageModelResult,
  Model,
  TextModelResult,
} from '../provider/contract';
import {
  checkedTextStream,
  checkImageResult,
  checkTextResult,
} from '../results/check-result';
import {
  checkAudioResult,
  type CheckedAudioResult,
} from '../results/check-audio';
import type { MusicRequest, SpeechRequest } from '../schemas/audio';
import type { ImageRequest } from '../schemas/image';
import type { VideoRequest } from '../schemas/video';
import type { TrainingRequest } from '../schemas/training';
import type { TrainingModelResult } from '../provider/training-contract';
import { checkTrainingResult } from '../results/check-training';
import {
  checkVideoResult,
  type CheckedVideoResult,
} from '../results/check-video';
import {
  imageUnsupported,
  musicUnsupported,
  speechUnsupported,
  trainingUnsupported,
  videoUnsupported,
} from './supports';
import type { TextRequest } from '../schemas/text';
import type { ExecuteOptions, RouteTarget, TextStreamStart } from './types';

/**
 * One attempt's call to a target's model, under the attempt's signal; its
 * `unsupported` says, before any attempt, why a model cannot serve the
 * request (the target is then skipped); `stream` marks a stream's call,
 * which succeeds at its first part (never hedged; the route's
 * `firstTokenTimeoutMs` bounds it).
 */
export type TargetCall<TValue> = ((
  model: Model,
  signal: AbortSignal,
  target: RouteTarget,
) => Promise<TValue>) & {
  unsupported?: (model: Model) => string | undefined;
  stream?: boolean;
};

// A result that fails the check is the attempt's error: it is retried and
// falls back like a 5xx, and nothing invalid leaves the engine.

/** The call an image route makes at each target: generate, then check the result. */
export function imageCall(
  execution: ExecuteOptions<ImageRequest>,
): TargetCall<ImageModelResult> {
  const call: TargetCall<ImageModelResult> = async (model, signal, target) => {
    if (model.kind !== 'image') throw wrongKind(model, 'image');
    const result: unknown = await model.generate(execution.request, {
      signal,
      headers: execution.headers,
      task: execution.taskHooks?.(target),
    });
    return checkImageResult({
      result,
      request: execution.request,
      capabilities: model.capabilities,
      provider: model.provider,
    });
  };
  call.unsupported = (model) =>
    model.kind === 'image'
      ? imageUnsupported(model.capabilities, execution.request)
      : undefined;
  return call;
}

/** The call a speech route makes at each target: generate, then check and measure the audio. */
export function speechCall(
  execution: ExecuteOptions<SpeechRequest>,
): TargetCall<CheckedAudioResult> {
  return audioCall(execution, 'speech', (model) =>
    model.kind === 'speech'
      ? speechUnsupported(model.capabilities, execution.request)
      : undefined,
  );
}

/** The call a music route makes at each target: generate (often a task), then check and measure the audio. */
export function musicCall(
  execution: ExecuteOptions<MusicRequest>,
): TargetCall<CheckedAudioResult> {
  return audioCall(execution, 'music', (model) =>
    model.kind === 'music'
      ? musicUnsupported(model.capabilities, execution.request)
      : undefined,
  );
}

/** A speech or music call: the model's audio, checked against the format asked for and measured. */
function audioCall<TRequest extends SpeechRequest | MusicRequest>(
  execution: ExecuteOptions<TRequest>,
  kind: 'speech' | 'music',
  unsupported: (model: Model) => string | undefined,
): TargetCall<CheckedAudioResult> {
  const call: TargetCall<CheckedAudioResult> = async (
    model,
    signal,
    target,
  ) => {
    if (model.kind !== kind) throw wrongKind(model, kind);
    // Called on the model, so a class's `this` holds.
    const audioModel = model as {
      generate(request: TRequest, options: CallOptions): Promise<unknown>;
    };
    const result = await audioModel.generate(execution.request, {
      signal,
      headers: execution.headers,
      task: execution.taskHooks?.(target),
    });
    return checkAudioResult({
      result,
      format: execution.request.format,
      provider: model.provider,
    });
  };
  call.unsupported = unsupported;
  return call;
}

/** The call a video route makes at each target: generate (a task, usually), then check and measure the video. */
export function videoCall(
  execution: ExecuteOptions<VideoRequest>,
): TargetCall<CheckedVideoResult> {
  const call: TargetCall<CheckedVideoResult> = async (
    model,
    signal,
    target,
  ) => {
    if (model.kind !== 'video') throw wrongKind(model, 'video');
    const result: unknown = await model.generate(execution.request, {
      signal,
      headers: execution.headers,
      task: execution.taskHooks?.(target),
    });
    return checkVideoResult({
      result,
      format: execution.request.format,
      provider: model.provider,
    });
  };
  call.unsupported = (model) =>
    model.kind === 'video'
      ? videoUnsupported(model.capabilities, execution.request)
      : undefined;
  return call;
}

/** The call a training route makes at each target: run the trainer (a task), then check it named a model. */
export function trainingCall(
  execution: ExecuteOptions<TrainingRequest>,
): TargetCall<TrainingModelResult> {
  const call: TargetCall<TrainingModelResult> = async (
    model,
    signal,
    target,
  ) => {
    if (model.kind !== 'training') throw wrongKind(model, 'training');
    const result: unknown = await model.generate(execution.request, {
      signal,
      headers: execution.headers,
      task: execution.taskHooks?.(target),
    });
    return checkTrainingResult({ result, provider: model.provider });
  };
  call.unsupported = (model) =>
    model.kind === 'training'
      ? trainingUnsupported(model.capabilities, execution.request)
      : undefined;
  return call;
}

/** The call a text route makes at each target: generate, then check the result. */
export function textCall(
  execution: ExecuteOptions<TextRequest>,
): TargetCall<TextModelResult> {
  return async (model, signal) => {
    if (model.kind !== 'text') throw wrongKind(model, 'text');
    const result: unknown = await model.generate(execution.request, {
      signal,
      headers: execution.headers,
    });
    return checkTextResult({ result, provider: model.provider });
  };
}

/**
 * The call a streamed text route makes at each target: it succeeds once the
 * first checked part has come, and hands on the rest of the stream.
 */
export function textStreamCall(
  execution: ExecuteOptions<TextRequest>,
): TargetCall<TextStreamStart> {
  const call: TargetCall<TextStreamStart> = async (model, attemptSignal) => {
    if (model.kind !== 'text') throw wrongKind(model, 'text');
    if (model.stream === undefined) {
      throw new SwitchyardError({
        code: 'unsupported',
        provider: model.provider,
        message: `${model.provider}:${model.modelId} cannot stream; route streams to models whose capabilities say streaming.`,
      });
    }
    // The attempt's signal covers the wait for the first part; the
    // caller's keeps covering the rest of the stream after it.
    const streamSignal =
      execution.signal === undefined
        ? attemptSignal
        : AbortSignal.any([attemptSignal, execution.signal]);
    const streamed = await model.stream(execution.request, {
      signal: streamSignal,
      headers: execution.headers,
    });
    const rest = checkedTextStream(
      streamed.parts[Symbol.asyncIterator](),
      model.provider,
    );
    try {
      const first = await rest.next();
      if (first.done === true) {
        throw new SwitchyardError({
          code: 'invalid_response',
          provider: model.provider,
          message: `${model.provider} ended the stream before any part of an answer.`,
        });
      }
      return { first: first.value, rest, warnings: streamed.warnings };
    } catch (error) {
      await rest.return?.();
      throw error;
    }
  };
  call.stream = true;
  return call;
}

function wrongKind(model: Model, wanted: Model['kind']): SwitchyardError {
  return new SwitchyardError({
    code: 'unsupported',
    provider: model.provider,
    message: `${model.provider}:${model.modelId} is a ${model.kind} model; this route needs a ${wanted} model.`,
  });
}
