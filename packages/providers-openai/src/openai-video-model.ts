import {
  SwitchyardError,
  getBinary,
  getJson,
  headerSecretRedactor,
  modelCallOptions,
  pathSegment,
  postForm,
  taskModelToVideoModel,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type PosterImage,
  type TaskStatus,
  type VideoModel,
  type VideoModelResult,
  type VideoTaskModel,
  type Warning,
} from '@switchyard/core';
import { mapOpenAIError } from './openai-error';
import { soraSpecOf, videoJobSchema, type VideoJob } from './openai-video-api';
import { assertMp4, soraFields, soraForm } from './openai-video-request';

/** What a Sora model needs from its provider. */
export interface OpenAIVideoConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  /** Wait between job polls. Default 10 s (a clip takes about a minute or more). */
  pollIntervalMs?: number;
}

/** Largest video taken: a 12 s 1792x1024 clip is tens of MB; 70 MiB keeps the base64 within the result's 100 MB. */
export const MAX_SORA_VIDEO_BYTES = 70 * 1024 * 1024;
/** Largest poster taken (a WebP still); its base64 must stay within 20 MB. */
const MAX_POSTER_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 300_000;
const POSTER_TIMEOUT_MS = 60_000;
/** Failure codes of a job the safety system stopped. */
const CONTENT_POLICY_CODES = new Set([
  'moderation_blocked',
  'content_policy_violation',
]);

/**
 * A Sora model over the Videos API: `POST /videos` (multipart), polled with
 * `GET /videos/{id}` (its progress reported), then `GET /videos/{id}/content`
 * downloaded as base64 MP4 with the `thumbnail` variant as its poster. The
 * task id is the video id, all a new process needs to resume (until the
 * assets expire, about an hour after completion). The API cannot cancel a
 * running job (`DELETE` removes only finished videos), so no cancel is sent.
 */
export function createOpenAIVideoModel(
  modelId: string,
  config: OpenAIVideoConfig,
): VideoModel {
  const spec = soraSpecOf(modelId);
  return taskModelToVideoModel({
    taskModel: soraTaskModel(modelId, config),
    capabilities: spec.capabilities,
    cost: config.cost,
    warnings: (request) =>
      soraFields(request, { spec, provider: config.provider }).warnings,
  });
}

function soraTaskModel(
  modelId: string,
  config: OpenAIVideoConfig,
): VideoTaskModel {
  const { provider } = config;
  const spec = soraSpecOf(modelId);
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapOpenAIError });
  const videoURL = (taskId: string) =>
    `${config.baseURL}/videos/${pathSegment(taskId, provider)}`;
  const statusOf = (job: VideoJob, options: CallOptions) =>
    jobStatus(job, redactor(config, options), provider);
  return {
    provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 10_000,
    async submit(request, options) {
      assertMp4(request, { provider, modelId });
      const { value } = await postForm({
        ...call(options),
        url: `${config.baseURL}/videos`,
        form: soraForm(request, { spec, provider, modelId }),
        parse: videoJobSchema,
      });
      return { taskId: value.id, status: statusOf(value, options) };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...call(options),
        url: videoURL(taskId),
        parse: videoJobSchema,
      });
      return statusOf(value, options);
    },
    async result(taskId, options) {
      const { value } = await getBinary({
        ...call(options),
        url: `${videoURL(taskId)}/content`,
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
        maxResponseBytes: MAX_SORA_VIDEO_BYTES,
      });
      const poster = await posterOf(`${videoURL(taskId)}/content`, {
        ...call(options),
        signal: options.signal,
      });
      return {
        video: {
          base64: Buffer.from(value.data).toString('base64'),
          format: 'mp4',
          ...(poster.poster === undefined ? {} : { poster: poster.poster }),
        },
        warnings: poster.warnings,
        modelId,
      };
    },
  };
}

/** The task status a job stands for. */
function jobStatus(
  job: VideoJob,
  redact: (text: string) => string,
  provider: string,
): TaskStatus<VideoModelResult> {
  switch (job.status) {
    case 'queued':
      return { state: 'queued' };
    case 'completed':
      return { state: 'succeeded' };
    case 'failed': {
      const code = job.error?.code ?? '';
      const reason = job.error?.message ?? (code || 'no reason given');
      return {
        state: 'failed',
        error: new SwitchyardError({
          code: CONTENT_POLICY_CODES.has(code) ? 'content_policy' : 'unknown',
          provider,
          message: redact(`The ${provider} video ${job.id} failed: ${reason}`),
        }),
      };
    }
    default: {
      const percent = job.progress;
      return percent == null
        ? { state: 'running' }
        : {
            state: 'running',
            progress: Math.min(1, Math.max(0, percent / 100)),
          };
    }
  }
}

/**
 * The job's thumbnail as the video's poster. Best effort: a poster that
 * cannot be fetched becomes a warning, never a failed video (an abort still
 * stops the call).
 */
async function posterOf(
  contentURL: string,
  call: ReturnType<typeof modelCallOptions>,
): Promise<{ poster?: PosterImage; warnings: Warning[] }> {
  try {
    const { value } = await getBinary({
      ...call,
      url: `${contentURL}?variant=thumbnail`,
      timeoutMs: POSTER_TIMEOUT_MS,
      maxResponseBytes: MAX_POSTER_BYTES,
    });
    if (!value.mimeType.startsWith('image/')) {
      throw new Error(`it is ${value.mimeType}, not an image`);
    }
    const base64 = Buffer.from(value.data).toString('base64');
    return { poster: { base64, mimeType: value.mimeType }, warnings: [] };
  } catch (error) {
    if (call.signal?.aborted === true) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      warnings: [
        {
          type: 'other',
          message: `The video has no poster: its thumbnail could not be fetched (${reason}).`,
        },
      ],
    };
  }
}

/** Takes the call's credentials out of the provider's words. */
function redactor(
  config: ModelHttpConfig,
  options: CallOptions,
): (text: string) => string {
  const { headers } = modelCallOptions({ config, call: options });
  return headerSecretRedactor(headers);
}
