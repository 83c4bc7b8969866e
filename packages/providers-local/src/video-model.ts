import {
  SwitchyardError,
  VIDEO_MIME_TYPES,
  type CallOptions,
  type CostMetadata,
  type FetchFunction,
  type VideoModel,
  type VideoModelResult,
  type VideoRequest,
} from '@switchyard/core';
import { applyFaults } from './faults';
import { runLocalTask } from './local-task';
import { hashText } from './random';
import type { LocalSettings } from './settings';
import { firstFrameBase64 } from './video-image-input';
import { VIDEO_CAPABILITIES, planVideo } from './video-plan';

/** The id of the local video model. */
export const VIDEO_MODEL_ID = 'video';
/** Local video costs nothing. */
export const VIDEO_COST: CostMetadata = { perSecond: 0 };
/** Clips up to this many pixels in all are drawn in place: less than a hop to a thread. */
const IN_PLACE_PIXELS = 64 * 64 * 12;

/**
 * Creates the `video` model of a local instance: a short, real, looping
 * APNG (default) or GIF that a browser plays, 256×256 at 12 frames a second
 * for 2 s unless asked otherwise. From a prompt, a procedural scene
 * (deterministic from prompt and seed) whose discs orbit while the camera
 * pans and the hues turn; from an `image`, that image as the first frame,
 * then pushed into with a ripple. Silent; drawn and encoded in a worker thread.
 */
export function createVideoModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
  fetch?: FetchFunction;
}): VideoModel {
  const { provider, settings, random } = options;
  return {
    kind: 'video',
    provider,
    modelId: VIDEO_MODEL_ID,
    capabilities: VIDEO_CAPABILITIES,
    cost: VIDEO_COST,
    async generate(
      request: VideoRequest,
      callOptions: CallOptions,
    ): Promise<VideoModelResult> {
      const plan = planVideo(request, provider);
      const { signal } = callOptions;
      await applyFaults({ faults: settings.faults, provider, random, signal });
      const image =
        request.image === undefined
          ? undefined
          : await firstFrameBase64({
              image: request.image,
              provider,
              fetchImageUrls: settings.fetchImageUrls === true,
              fetch: options.fetch,
              signal,
            });
      const { size } = plan;
      const inPlace =
        image === undefined &&
        size !== undefined &&
        size.width * size.height * plan.frames <= IN_PLACE_PIXELS;
      const outcome = await runLocalTask(
        'video',
        {
          prompt: request.prompt,
          ...(request.negativePrompt === undefined
            ? {}
            : { negativePrompt: request.negativePrompt }),
          seed: request.seed ?? hashText(request.prompt),
          ...(size === undefined ? {} : { size }),
          ...(image === undefined ? {} : { image }),
          frames: plan.frames,
          durationMs: plan.durationMs,
          format: plan.format,
        },
        { provider, signal, inPlace },
      );
      if (!outcome.ok) {
        throw new SwitchyardError({
          code: outcome.code,
          provider,
          message: `The local video model cannot read the image: ${outcome.problem}.`,
        });
      }
      return {
        video: {
          base64: outcome.base64,
          format: plan.format,
          mimeType: VIDEO_MIME_TYPES[plan.format],
          durationMs: outcome.durationMs,
          width: outcome.width,
          height: outcome.height,
          fps: plan.fps,
          hasAudio: false,
        },
        warnings: plan.warnings,
        modelId: VIDEO_MODEL_ID,
      };
    },
  };
}
