import type { ModelTier } from '../schemas/routing';
import { z } from 'zod';
import type { Usage, Warning } from '../schemas/common';
import type { GeneratedImage, ImageRequest } from '../schemas/image';
import type { FinishReason, TextRequest } from '../schemas/text';
import type {
  MusicCapabilities,
  MusicModel,
  SpeechCapabilities,
  SpeechModel,
} from './audio-contract';
import type { VideoCapabilities, VideoModel } from './video-contract';
import type { TrainingCapabilities, TrainingModel } from './training-contract';

/** Options of every model call. */
export interface CallOptions {
  /** Aborts the call; the model must stop its upstream request. */
  signal?: AbortSignal;
  /** Extra request headers (e.g. a trace id). */
  headers?: Record<string, string>;
  /**
   * Task-based models only: what the caller wants to know about the
   * provider-side task, so a durable job can resume it after a restart.
   */
  task?: TaskCallOptions;
}

/** The task hooks of {@link CallOptions}. */
export interface TaskCallOptions {
  /** Poll this task (submitted earlier, by a process that died) instead of submitting a new one. */
  resumeTaskId?: string;
  /** Called once the provider has accepted the task, with its id. */
  onSubmitted?: (taskId: string) => void | Promise<void>;
  /** Called on each status poll that reports progress (0..1) or a queue position. */
  onStatus?: (status: TaskStatus) => void;
  /**
   * Asked when the call is aborted while its task runs: true (the default)
   * cancels the task at the provider; false leaves it running there, for a
   * durable job that another process will resume.
   */
  cancelTaskOnAbort?: () => boolean;
  /**
   * Called when the call leaves its task unfinished (the attempt timed out,
   * the caller aborted, polling failed) after asking the provider to cancel
   * it. A provider may not honour the cancel and finish the task anyway: a
   * durable job keeps watching it, to adopt a late result.
   */
  onAbandoned?: (taskId: string) => void;
}

const price = z.number().nonnegative().max(1e12).optional();

/**
 * A model's price, in micro-credits (1 credit = 1,000,000) per unit; a charge
 * is rounded up to a whole micro-credit. Every unit left out costs nothing,
 * and `{}` is a price: free. `perCharacter` counts the characters of a text
 * call's input (prompt or messages); `perSecond` counts the seconds of media
 * a call returns (no image or text result has a duration, so it adds nothing
 * to those today).
 */
export const costMetadataSchema = z.object({
  perRequest: price,
  perImage: price,
  perInputToken: price,
  perOutputToken: price,
  perSecond: price,
  perCharacter: price,
  /** Per training step a run takes (training only). */
  perStep: price,
});
export type CostMetadata = z.infer<typeof costMetadataSchema>;

/** What an image model can do; the engine and `providers.list` report it. */
export const imageCapabilitiesSchema = z.object({
  maxImagesPerCall: z.number().int().positive(),
  /** Allowed `WIDTHxHEIGHT` sizes, or a range when any size in it works. */
  sizes: z.union([
    z.array(z.string().regex(/^\d+x\d+$/)),
    z.object({
      minWidth: z.number().int(),
      maxWidth: z.number().int(),
      minHeight: z.number().int(),
      maxHeight: z.number().int(),
    }),
  ]),
  aspectRatios: z.array(z.string()).optional(),
  seed: z.boolean(),
  negativePrompt: z.boolean(),
  /** Takes `referenceImages` (edits, image-to-image); a model without it is skipped for such a request. */
  referenceImages: z.boolean().optional(),
  /** Most reference images per call; default 1 when `referenceImages`. */
  maxReferenceImages: z.number().int().positive().optional(),
  /** Takes a `mask` (inpainting). */
  mask: z.boolean().optional(),
});
export type ImageCapabilities = z.infer<typeof imageCapabilitiesSchema>;

/** What a text model can do. */
export const textCapabilitiesSchema = z.object({
  streaming: z.boolean(),
  seed: z.boolean(),
  maxOutputTokens: z.number().int().positive().optional(),
  contextWindow: z.number().int().positive().optional(),
});
export type TextCapabilities = z.infer<typeof textCapabilitiesSchema>;

/** What an image model returns for one call. */
export interface ImageModelResult {
  images: GeneratedImage[];
  warnings: Warning[];
  /** The model id the provider reports it used, when it says. */
  modelId?: string;
  responseHeaders?: Record<string, string>;
}

/** What a text model returns for one call. */
export interface TextModelResult {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  warnings: Warning[];
  modelId?: string;
  responseHeaders?: Record<string, string>;
}

/** What every model has: who serves it, its id, what it can do and what it costs. */
export interface ModelBase<TCapabilities> {
  /** Provider name (`openai`, `local`, …) used in errors and logs. */
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: TCapabilities;
  readonly cost?: CostMetadata;
  /**
   * Set on models that run a provider-side task (core's task adapters set
   * it): `cancellable` is false when the provider offers no way to stop the
   * task, so aborting the call leaves it running (and billed). The engine
   * never hedges such a model. Absent on plain request/response models.
   */
  readonly task?: { cancellable: boolean };
}

/** An image model: one `generate` call per request. */
export interface ImageModel extends ModelBase<ImageCapabilities> {
  readonly kind: 'image';
  generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult>;
  /**
   * Task-based models only: asks the provider to stop a task this model
   * submitted, such as one a durable job resumed but will not finish. Best
   * effort and bounded in time: resolves once the provider answered or gave
   * up, never rejects.
   */
  cancelTask?(taskId: string): Promise<void>;
}

/** One part of a streamed text answer: deltas, then one `text-end`. */
export type TextStreamPart =
  | { type: 'text-delta'; text: string }
  | {
      type: 'text-end';
      finishReason: FinishReason;
      usage: Usage;
      /** The model id the provider reports it used, when it says. */
      modelId?: string;
    };

/** What a text model's `stream` resolves to once the upstream has answered. */
export interface TextStreamResult {
  /** Iterate once. Breaking out of the loop closes the upstream connection. */
  parts: AsyncIterable<TextStreamPart>;
  warnings: Warning[];
  responseHeaders?: Record<string, string>;
}

/** A text model: one `generate` call per request, and `stream` when it can. */
export interface TextModel extends ModelBase<TextCapabilities> {
  readonly kind: 'text';
  generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult>;
  /**
   * Streams the answer as it is written. Present when
   * `capabilities.streaming` is true. Rejects like `generate` when the
   * upstream refuses the call; a failure mid-stream throws from the iterator.
   */
  stream?(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextStreamResult>;
}

/** Any model the engine can call. */
export type Model =
  | ImageModel
  | TextModel
  | SpeechModel
  | MusicModel
  | VideoModel
  | TrainingModel;
export type ModelKind = Model['kind'];

/**
 * The state of a provider-side task. A `succeeded` status may carry the
 * task's result, when the status answer holds it already (no separate
 * result call, and nothing to keep between the poll and the result).
 */
export type TaskStatus<TResult = unknown> =
  | {
      state: 'queued';
      position?: number;
      /** The provider's log lines so far, when it gives them (the gateway keeps the last few). */
      logs?: string[];
    }
  | { state: 'running'; progress?: number; logs?: string[] }
  | { state: 'succeeded'; result?: TResult }
  | { state: 'failed'; error: Error }
  | { state: 'cancelled' };

/** What a task model's `submit` answers. */
export interface SubmittedTask<TResult> {
  taskId: string;
  /**
   * The task's status when the submit answer tells it already (a provider
   * that may finish fast tasks at once); the poller then skips its first poll.
   */
  status?: TaskStatus<TResult>;
}

/**
 * A task-based (asynchronous) model: submit, poll status, fetch the result,
 * cancel. Core's `taskModelToImageModel` turns it into a plain `generate`.
 */
export interface TaskModel<TRequest, TResult> {
  readonly provider: string;
  readonly modelId: string;
  /** How long to wait between status polls; default 1000 ms. */
  readonly pollIntervalMs?: number;
  submit(
    request: TRequest,
    options: CallOptions,
  ): Promise<SubmittedTask<TResult>>;
  status(taskId: string, options: CallOptions): Promise<TaskStatus<TResult>>;
  /** Fetches the result of a task whose `succeeded` status carried none. */
  result?(taskId: string, options: CallOptions): Promise<TResult>;
  cancel?(taskId: string, options: CallOptions): Promise<void>;
}

/** A task-based image model. */
export type ImageTaskModel = TaskModel<ImageRequest, ImageModelResult>;

/** Static description of a model for listings. */
export interface ModelInfo {
  id: string;
  kind: ModelKind;
  description?: string;
  capabilities:
    | ImageCapabilities
    | TextCapabilities
    | SpeechCapabilities
    | MusicCapabilities
    | VideoCapabilities
    | TrainingCapabilities;
  cost?: CostMetadata;
  /** Its quality and speed tiers, for `requirements`; the config's `tiers` win. */
  tier?: ModelTier;
}

/** A configured provider instance: hands out models by id. */
export interface Provider {
  /** Provider name (`openai`, `local`, …). */
  readonly name: string;
  /** Throws an `unsupported` SwitchyardError when the provider has no image models. */
  imageModel(modelId: string): ImageModel;
  /** Throws an `unsupported` SwitchyardError when the provider has no text models. */
  textModel(modelId: string): TextModel;
  /** Text to speech; absent (or throwing `unsupported`) when the provider has none. */
  speechModel?(modelId: string): SpeechModel;
  /** Music and sound effects; absent (or throwing `unsupported`) when the provider has none. */
  musicModel?(modelId: string): MusicModel;
  /** Video (text- and image-to-video); absent (or throwing `unsupported`) when the provider has none. */
  videoModel?(modelId: string): VideoModel;
  /** Trainers of custom models; absent (or throwing `unsupported`) when the provider has none. */
  trainingModel?(modelId: string): TrainingModel;
  /** Known models, for listings. Providers may serve ids beyond this list. */
  listModels(): ModelInfo[];
  /**
   * A cheap check that the provider answers and accepts the credentials
   * (listing models, reading the account), never a paid generation. Resolves
   * when it does; throws a SwitchyardError (`auth`, `network`, …) when not.
   * The health monitor calls it every `health.probeIntervalMs`.
   */
  probe?(options: { signal: AbortSignal }): Promise<void>;
}
