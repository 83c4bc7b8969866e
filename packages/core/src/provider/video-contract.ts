import { z } from 'zod';
import type { Warning } from '../schemas/common';
import {
  videoFormatSchema,
  type GeneratedVideo,
  type VideoRequest,
} from '../schemas/video';
import type { CallOptions, ModelBase, TaskModel } from './contract';
import { lengthCapabilitiesShape } from './length-capabilities';

/** What a video model can do: the router skips a target whose model cannot serve a request. */
export const videoCapabilitiesSchema = z.object({
  formats: z.array(videoFormatSchema).min(1),
  ...lengthCapabilitiesShape,
  /** Takes a prompt alone (text-to-video). */
  textToVideo: z.boolean(),
  /** Takes a first frame (`image`). */
  imageToVideo: z.boolean(),
  /** Aspect ratios it takes; undefined for any. */
  aspectRatios: z.array(z.string()).optional(),
  /** Makes a soundtrack on request (`withAudio`). */
  audio: z.boolean(),
  seed: z.boolean(),
});
export type VideoCapabilities = z.infer<typeof videoCapabilitiesSchema>;

/**
 * Video as a model hands it over: the engine's result check reads inline
 * bytes (their container must match `format`), measures what it can from
 * them and fills `mimeType`. Video only at a URL must say its `durationMs`.
 */
export type ProviderVideo = Omit<
  GeneratedVideo,
  'durationMs' | 'mimeType' | 'artifact'
> & {
  durationMs?: number;
  mimeType?: string;
};

/** What a video model returns for one call. */
export interface VideoModelResult {
  video: ProviderVideo;
  warnings: Warning[];
  /** The model id the provider reports it used, when it says. */
  modelId?: string;
  responseHeaders?: Record<string, string>;
}

/** A video model (text-to-video, image-to-video); almost always task-based. */
export interface VideoModel extends ModelBase<VideoCapabilities> {
  readonly kind: 'video';
  generate(
    request: VideoRequest,
    options: CallOptions,
  ): Promise<VideoModelResult>;
  /** Task-based models only: stops a task this model submitted (best effort, never rejects). */
  cancelTask?(taskId: string): Promise<void>;
}

/** A task-based video model. */
export type VideoTaskModel = TaskModel<VideoRequest, VideoModelResult>;
