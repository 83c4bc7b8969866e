import {
  checkAudioResult,
  checkImageResult,
  checkVideoResult,
  checkTrainingResult,
  toTrainingResult,
  trainingCost,
  trainingStepsBound,
  imageCost,
  musicCost,
  speechCost,
  SwitchyardError,
  toImageResult,
  toMusicResult,
  toSpeechResult,
  toVideoResult,
  videoCost,
  videoLengthBoundMs,
  type CallOptions,
  type GenerateResult,
  type ImageRequest,
  type Model,
  type MusicRequest,
  type RoutedCall,
  type RouteTarget,
  type SpeechRequest,
  type VideoRequest,
  type TrainingRequest,
} from '@switchyard/core';
import type { PriceBook } from './price-book';

/** A model that runs provider tasks (image, speech or music), with what stops one. */
export type TaskRunningModel = Extract<Model, { cancelTask?: unknown }>;

/** The model a stored task runs on, of its job's kind (`unsupported` for one without tasks). */
export function taskModelOf(options: {
  resolveModel: (target: RouteTarget, kind: Model['kind']) => Model;
  target: RouteTarget;
  kind: Model['kind'];
}): TaskRunningModel {
  const { target, kind } = options;
  const model = options.resolveModel(target, kind);
  if (model.kind === 'text') {
    throw new SwitchyardError({
      code: 'unsupported',
      message: `${target.instance}:${target.model} has no tasks to resume.`,
    });
  }
  return model;
}

/**
 * Polls a resumed task to its end on `model` and checks its result as the
 * engine would, priced at `target`'s chargeable price.
 */
export async function finishResumed(options: {
  model: TaskRunningModel;
  request: Record<string, unknown>;
  callOptions: CallOptions;
  target: RouteTarget;
  priceBook: PriceBook;
  routed: <TValue>(value: TValue) => RoutedCall<TValue>;
  id: string;
}): Promise<GenerateResult> {
  const { model, callOptions, target, priceBook, routed, id } = options;
  const cost = priceBook.chargeableOf(target, model.kind);
  const provider = target.instance;
  if (model.kind === 'image') {
    const request = options.request as ImageRequest;
    const value = checkImageResult({
      result: await model.generate(request, callOptions),
      request,
      capabilities: model.capabilities,
      provider,
    });
    return toImageResult(routed(value), {
      id,
      microCredits: imageCost(cost, value),
    });
  }
  if (model.kind === 'speech') {
    const request = options.request as SpeechRequest;
    const value = await checkAudioResult({
      result: await model.generate(request, callOptions),
      format: request.format,
      provider,
    });
    return toSpeechResult(routed(value), {
      id,
      characters: request.text.length,
      microCredits: speechCost(cost, value, request),
    });
  }
  if (model.kind === 'training') {
    const request = options.request as TrainingRequest;
    const value = checkTrainingResult({
      result: await model.generate(request, callOptions),
      provider,
    });
    const bound = trainingStepsBound(request, model.capabilities);
    return toTrainingResult(routed(value), {
      id,
      request,
      microCredits: trainingCost(cost, value.steps, bound),
    });
  }
  if (model.kind === 'video') {
    const request = options.request as VideoRequest;
    const value = checkVideoResult({
      result: await model.generate(request, callOptions),
      format: request.format,
      provider,
    });
    return toVideoResult(routed(value), {
      id,
      microCredits: videoCost(
        cost,
        value,
        videoLengthBoundMs(request, model.capabilities),
      ),
    });
  }
  const request = options.request as MusicRequest;
  const value = await checkAudioResult({
    result: await model.generate(request, callOptions),
    format: request.format,
    provider,
  });
  return toMusicResult(routed(value), {
    id,
    microCredits: musicCost(cost, value, request),
  });
}
