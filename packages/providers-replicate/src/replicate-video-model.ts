import {
  SwitchyardError,
  omitUndefined,
  parseProviderOptions,
  taskModelToVideoModel,
  type CallOptions,
  type VideoCapabilities,
  type VideoFormat,
  type VideoModel,
  type VideoModelResult,
  type VideoRequest,
  type Warning,
} from '@switchyard/core';
import { z } from 'zod';
import { outputURLs, type Prediction } from './replicate-api';
import { imageInput } from './replicate-files';
import {
  createPredictionTaskModel,
  type PredictionKind,
  type ReplicateModelConfig,
} from './replicate-prediction';
import {
  GENERIC_VIDEO_SPEC,
  VIDEO_MODEL_SPECS,
  type VideoModelSpec,
} from './replicate-video-specs';

/** Replicate video model ids: the listed ones, or another `owner/name[:version]`. */
export type ReplicateVideoModelId =
  | 'genmoai/mochi-1'
  | 'minimax/video-01'
  | 'wavespeedai/wan-2.1-i2v-480p'
  | (string & {});

/** `providerOptions.replicate` of a video request. */
const videoOptionsSchema = z.strictObject({
  /** More input fields of the model (see its API page), over Switchyard's. */
  input: z.record(z.string(), z.unknown()).optional(),
});

/** The spec of a model id (`owner/name:version` runs `owner/name`'s). */
export function videoSpecOf(modelId: string): VideoModelSpec {
  const listed = modelId.split(':')[0] ?? modelId;
  const specs: Readonly<Record<string, VideoModelSpec>> = VIDEO_MODEL_SPECS;
  return (
    (Object.hasOwn(specs, listed) ? specs[listed] : undefined) ??
    GENERIC_VIDEO_SPEC
  );
}

/** The container an output file's extension names; Replicate's video models write MP4. */
function formatOf(url: string): VideoFormat {
  const extension = /\.(\w+)(?:\?|$)/.exec(url)?.[1]?.toLowerCase();
  return extension === 'webm' || extension === 'gif' ? extension : 'mp4';
}

/** What a listed model makes of the length asked for, when it differs. */
function lengthWarnings(
  request: VideoRequest,
  spec: VideoModelSpec,
): Warning[] {
  const asked = request.durationMs;
  if (asked === undefined || spec === GENERIC_VIDEO_SPEC) return [];
  const input = spec.input(request, undefined) as Record<string, unknown>;
  const made = spec.timing(input).durationMs;
  if (Math.abs(made - asked) <= 50) return [];
  return [
    {
      type: 'adjusted-setting',
      setting: 'durationMs',
      message: `This model makes ${made} ms (whole frames in its range) instead of ${asked} ms.`,
    },
  ];
}

/** A finished prediction's video: its URL, and the length its input makes. */
function predictionVideo(
  prediction: Prediction,
  spec: VideoModelSpec,
  provider: string,
): Promise<VideoModelResult> {
  const url = outputURLs(prediction)[0];
  if (url === undefined) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider,
      message: `The ${provider} prediction ${prediction.id} succeeded without a video file.`,
    });
  }
  const { durationMs, fps } = spec.timing(prediction.input ?? {});
  return Promise.resolve({
    video: omitUndefined({
      url,
      format: formatOf(url),
      durationMs,
      fps,
      hasAudio: false,
    }),
    warnings: [],
  });
}

/** The prediction input of a request, checked against the model before any call. */
async function videoInput(context: {
  request: VideoRequest;
  modelId: string;
  spec: VideoModelSpec;
  config: ReplicateModelConfig;
  options: CallOptions;
}): Promise<object> {
  const { request, config } = context;
  const extra = parseProviderOptions({
    provider: config.provider,
    key: 'replicate',
    providerOptions: request.providerOptions,
    schema: videoOptionsSchema,
  });
  const image =
    request.image === undefined
      ? undefined
      : await imageInput({
          image: request.image,
          name: 'first-frame',
          config,
          options: context.options,
        });
  return { ...context.spec.input(request, image), ...extra?.input };
}

/**
 * A Replicate video model: a prediction on core's poller (so it runs in
 * durable jobs, reports the progress its logs show and resumes by its id),
 * whose output is the MP4 URL Replicate hosts. The API does not report the
 * video's length: it is computed from the frames and frame rate the
 * prediction's input asks for (the model's defaults where left out). A
 * first frame is sent by URL, as a data URL when small, else uploaded.
 */
export function createReplicateVideoModel(
  modelId: string,
  config: ReplicateModelConfig,
  capabilities?: VideoCapabilities,
): VideoModel {
  const spec = videoSpecOf(modelId);
  const checked = capabilities ?? spec.capabilities;
  const kind: PredictionKind<VideoRequest, VideoModelResult> = {
    input: (request, options) =>
      videoInput({
        request,
        modelId,
        spec,
        config,
        options,
      }),
    result: (prediction) => predictionVideo(prediction, spec, config.provider),
  };
  const taskModel = createPredictionTaskModel({
    modelId,
    config,
    kind,
    defaultVersion: spec.version,
  });
  return taskModelToVideoModel({
    taskModel,
    capabilities: checked,
    cost: config.cost,
    refuseUnsupported: true,
    warnings: (request) => [
      ...spec.warnings(request),
      ...lengthWarnings(request, spec),
    ],
  });
}
