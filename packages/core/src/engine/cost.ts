import type {
  CostMetadata,
  ImageModelResult,
  TextModelResult,
} from '../provider/contract';
import type { CheckedAudioResult } from '../results/check-audio';
import type { MusicRequest, SpeechRequest } from '../schemas/audio';
import type { VideoRequest } from '../schemas/video';
import type { TrainingRequest } from '../schemas/training';
import type { CheckedVideoResult } from '../results/check-video';
import type { ImageRequest } from '../schemas/image';
import type { TextRequest } from '../schemas/text';

/**
 * The output bound of a text request that names no `maxTokens`: the gateway
 * sends it to the provider, so what a hold covers is what the provider may
 * produce.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/** The most an image call can cost, in micro-credits, before it is made. */
export function estimateImageCost(
  cost: CostMetadata | undefined,
  request: ImageRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perImage ?? 0) * (request.n ?? 1),
  );
}

/** What the gateway knows of a text call's size before it is made. */
export interface TextCallBounds {
  /** The most input tokens the request can count (see the server's token counter). */
  inputTokens: number;
  /** The most output tokens the provider may produce. */
  maxOutputTokens: number;
}

/** The most a text call can cost, in micro-credits, before it is made. */
export function estimateTextCost(
  cost: CostMetadata | undefined,
  request: TextRequest,
  bounds: TextCallBounds,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * inputCharacters(request) +
      (cost.perInputToken ?? 0) * bounds.inputTokens +
      (cost.perOutputToken ?? 0) * bounds.maxOutputTokens,
  );
}

/** What an image call did cost, in micro-credits. */
export function imageCost(
  cost: CostMetadata | undefined,
  result: ImageModelResult,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perImage ?? 0) * result.images.length,
  );
}

/**
 * What a text call did cost, in micro-credits: tokens from the usage the
 * provider reported, characters from the request's input.
 */
export function textCost(
  cost: CostMetadata | undefined,
  result: TextModelResult,
  request: TextRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * inputCharacters(request) +
      (cost.perInputToken ?? 0) * (result.usage.inputTokens ?? 0) +
      (cost.perOutputToken ?? 0) * (result.usage.outputTokens ?? 0),
  );
}

/** The characters of a text request's input: its prompt, or every message's content. */
export function inputCharacters(request: TextRequest): number {
  if (request.prompt !== undefined) return request.prompt.length;
  return (request.messages ?? []).reduce(
    (sum, message) => sum + message.content.length,
    0,
  );
}

/**
 * The longest a speech call's audio may run, in seconds, before it is made:
 * what a per-second hold covers. Speech runs ~15 characters a second at
 * speed 1; a hold allows a slow voice (5 a second), divided by `speed`.
 */
export function speechSecondsBound(request: SpeechRequest): number {
  return request.text.length / 5 / (request.speed ?? 1);
}

/** The most a speech call can cost, in micro-credits, before it is made. */
export function estimateSpeechCost(
  cost: CostMetadata | undefined,
  request: SpeechRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * request.text.length +
      (cost.perSecond ?? 0) * speechSecondsBound(request),
  );
}

/** What a speech call did cost: characters of its input, seconds of its audio. */
export function speechCost(
  cost: CostMetadata | undefined,
  result: CheckedAudioResult,
  request: SpeechRequest,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) +
      (cost.perCharacter ?? 0) * request.text.length +
      (cost.perSecond ?? 0) * (result.audio.durationMs / 1000),
  );
}

/**
 * The most a music call can cost before it is made: seconds asked for (or
 * the model's default length, or its longest when it has no default).
 */
export function estimateMusicCost(
  cost: CostMetadata | undefined,
  request: MusicRequest,
  lengthMs: { defaultDurationMs: number },
): number {
  if (cost === undefined) return 0;
  const seconds = (request.durationMs ?? lengthMs.defaultDurationMs) / 1000;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perSecond ?? 0) * seconds,
  );
}

/**
 * What a music call did cost: seconds of the audio it returned, never more
 * than it asked for (a provider that returns a longer piece is not paid
 * for the extra).
 */
export function musicCost(
  cost: CostMetadata | undefined,
  result: CheckedAudioResult,
  request: MusicRequest,
): number {
  if (cost === undefined) return 0;
  const measured = result.audio.durationMs;
  const ms =
    request.durationMs === undefined
      ? measured
      : Math.min(measured, request.durationMs);
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perSecond ?? 0) * (ms / 1000),
  );
}

/**
 * The most a video call can cost before it is made: seconds asked for, or
 * the model's default length.
 */
export function estimateVideoCost(
  cost: CostMetadata | undefined,
  request: VideoRequest,
  lengthMs: { defaultDurationMs: number },
): number {
  if (cost === undefined) return 0;
  const seconds = videoLengthBoundMs(request, lengthMs) / 1000;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perSecond ?? 0) * seconds,
  );
}

/**
 * The length of video a call is held for and may be charged for: the
 * length asked for, else the model's default.
 */
export function videoLengthBoundMs(
  request: VideoRequest,
  lengthMs: { defaultDurationMs: number },
): number {
  return request.durationMs ?? lengthMs.defaultDurationMs;
}

/**
 * What a video call did cost: seconds of the video it returned, never more
 * than `boundMs` ({@link videoLengthBoundMs}), so a provider that returns a
 * longer video is not paid for the extra.
 */
export function videoCost(
  cost: CostMetadata | undefined,
  result: CheckedVideoResult,
  boundMs: number,
): number {
  if (cost === undefined) return 0;
  const ms = Math.min(result.video.durationMs, boundMs);
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perSecond ?? 0) * (ms / 1000),
  );
}

/** The steps a training run is held for and may be charged for: those asked for, else the trainer's default. */
export function trainingStepsBound(
  request: TrainingRequest,
  steps: { defaultSteps: number },
): number {
  return request.steps ?? steps.defaultSteps;
}

/** The most a training run can cost before it is made: per run, plus per step held for. */
export function estimateTrainingCost(
  cost: CostMetadata | undefined,
  stepsBound: number,
): number {
  if (cost === undefined) return 0;
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perStep ?? 0) * stepsBound,
  );
}

/**
 * What a training run did cost: per run, plus per step it took (as it
 * says, else the steps held for), never past the steps held for.
 */
export function trainingCost(
  cost: CostMetadata | undefined,
  ranSteps: number | undefined,
  stepsBound: number,
): number {
  if (cost === undefined) return 0;
  const steps = Math.min(ranSteps ?? stepsBound, stepsBound);
  return wholeMicroCredits(
    (cost.perRequest ?? 0) + (cost.perStep ?? 0) * steps,
  );
}

/**
 * Rounds a charge up to a whole micro-credit, after dropping float noise
 * below a millionth (1000 × 1.2 must be 1200, not 1201).
 */
function wholeMicroCredits(amount: number): number {
  return Math.ceil(Math.round(amount * 1e6) / 1e6);
}
