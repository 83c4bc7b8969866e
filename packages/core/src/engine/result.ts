import type { ImageModelResult, TextModelResult } from '../provider/contract';
import type { CheckedAudioResult } from '../results/check-audio';
import type { CheckedVideoResult } from '../results/check-video';
import type {
  ImageResult,
  MusicResult,
  SpeechResult,
  TextResult,
  TrainingResult,
  VideoResult,
} from '../schemas/generate';
import type { TrainingRequest } from '../schemas/training';
import type { TrainingModelResult } from '../provider/training-contract';

import type { RoutedCall } from './types';

/** What the host adds to a routed call to make the public result. */
export interface ResultExtras {
  id: string;
  microCredits: number;
  cached?: boolean;
}

/** Turns a routed image call into the published `ImageResult`. */
export function toImageResult(
  call: RoutedCall<ImageModelResult>,
  extras: ResultExtras,
): ImageResult {
  return {
    type: 'image',
    images: call.value.images,
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

/** Turns a routed text call into the published `TextResult`. */
export function toTextResult(
  call: RoutedCall<TextModelResult>,
  extras: ResultExtras,
): TextResult {
  return {
    type: 'text',
    text: call.value.text,
    finishReason: call.value.finishReason,
    usage: call.value.usage,
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

/** Turns a routed speech call into the published `SpeechResult`. */
export function toSpeechResult(
  call: RoutedCall<CheckedAudioResult>,
  extras: ResultExtras & { characters: number },
): SpeechResult {
  return {
    type: 'speech',
    audio: call.value.audio,
    characters: extras.characters,
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

/** Turns a routed music call into the published `MusicResult`. */
export function toMusicResult(
  call: RoutedCall<CheckedAudioResult>,
  extras: ResultExtras,
): MusicResult {
  return {
    type: 'music',
    audio: call.value.audio,
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

/** Turns a routed video call into the published `VideoResult`. */
export function toVideoResult(
  call: RoutedCall<CheckedVideoResult>,
  extras: ResultExtras,
): VideoResult {
  return {
    type: 'video',
    video: call.value.video,
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

/**
 * Turns a routed training run into the published `TrainingResult`: the
 * trained model's reference is the serving instance and its id there.
 */
export function toTrainingResult(
  call: RoutedCall<TrainingModelResult>,
  extras: ResultExtras & { request: TrainingRequest },
): TrainingResult {
  const { trainedModel, steps } = call.value;
  const { name, triggerWord, baseModel } = extras.request;
  return {
    type: 'training',
    trainedModel: {
      model: `${call.provider}:${trainedModel.modelId}`,
      instance: call.provider,
      modelId: trainedModel.modelId,
      kind: 'image',
      name,
      triggerWord,
      ...(baseModel === undefined ? {} : { baseModel }),
      ...(trainedModel.weightsUrl === undefined
        ? {}
        : { weightsUrl: trainedModel.weightsUrl }),
    },
    ...(steps === undefined ? {} : { steps }),
    ...metadata(call, extras),
    warnings: call.value.warnings,
  };
}

function metadata(
  call: RoutedCall<
    | ImageModelResult
    | TextModelResult
    | CheckedAudioResult
    | CheckedVideoResult
    | TrainingModelResult
  >,
  extras: ResultExtras,
) {
  return {
    id: extras.id,
    provider: call.provider,
    model: call.model,
    fallbackUsed: call.fallbackUsed,
    attempts: call.attempts,
    cost: { microCredits: extras.microCredits },
    cached: extras.cached ?? false,
    latencyMs: call.latencyMs,
  };
}
