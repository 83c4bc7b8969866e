import {
  SwitchyardError,
  getJson,
  headerSecretRedactor,
  modelCallOptions,
  modelPath,
  postJson,
  taskModelToVideoModel,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type TaskStatus,
  type VideoModel,
  type VideoModelResult,
  type VideoTaskModel,
} from '@switchyard/core';
import { z } from 'zod';
import { GEMINI_MODEL_ID } from './gemini-api';
import { mapGeminiError } from './gemini-error';
import {
  operationErrorCode,
  operationPath,
  veoOperationSchema,
  type VeoBody,
  type VeoOperation,
} from './gemini-veo-api';
import { downloadVeoVideo } from './gemini-veo-download';
import {
  assertMp4,
  veoImage,
  veoParameters,
  veoSpecOf,
  type VeoSpec,
} from './gemini-veo-request';

/** What a Veo model needs from its provider. */
export interface GeminiVideoConfig extends ModelHttpConfig {
  cost?: CostMetadata;
  /** Wait between operation polls. Default 10 s (Veo takes 11 s to 6 min). */
  pollIntervalMs?: number;
}

/** The submit answer: an operation with its name. */
const submittedSchema = veoOperationSchema.extend({ name: z.string() });

/**
 * A Veo model: `predictLongRunning` submits, the operation is polled until
 * `done`, then its video is downloaded (with the key, from Google's file
 * URI) and returned as base64 MP4. The task id is the operation name, all a
 * new process needs to resume. The Gemini API offers no cancel for Veo
 * operations: an abandoned video renders to its end at Google (and is billed).
 */
export function createGeminiVideoModel(
  modelId: string,
  config: GeminiVideoConfig,
): VideoModel {
  const spec = veoSpecOf(modelId);
  return taskModelToVideoModel({
    taskModel: veoTaskModel(modelId, config, spec),
    capabilities: spec.capabilities,
    cost: config.cost,
    warnings: (request) =>
      veoParameters(request, { spec, provider: config.provider }).warnings,
  });
}

function veoTaskModel(
  modelId: string,
  config: GeminiVideoConfig,
  spec: VeoSpec,
): VideoTaskModel {
  const { provider } = config;
  const call = (options: CallOptions) =>
    modelCallOptions({ config, call: options, mapError: mapGeminiError });
  return {
    provider,
    modelId,
    pollIntervalMs: config.pollIntervalMs ?? 10_000,
    async submit(request, options) {
      assertMp4(request, provider);
      const path = modelPath({ provider, modelId, rule: GEMINI_MODEL_ID });
      const body: VeoBody = {
        instances: [
          { prompt: request.prompt, image: veoImage(request, provider) },
        ],
        parameters: veoParameters(request, { spec, provider }).parameters,
      };
      const { value } = await postJson({
        ...call(options),
        url: `${config.baseURL}/models/${path}:predictLongRunning`,
        body,
        parse: submittedSchema,
      });
      const taskId = value.name;
      operationPath(taskId, provider);
      return value.done === true
        ? { taskId, status: await operationStatus(value, { config, options }) }
        : { taskId };
    },
    async status(taskId, options) {
      const { value } = await getJson({
        ...call(options),
        url: `${config.baseURL}/${operationPath(taskId, provider)}`,
        parse: veoOperationSchema,
      });
      return operationStatus(value, { config, options });
    },
  };
}

/** The task status an operation stands for; once done, its downloaded video. */
async function operationStatus(
  operation: VeoOperation,
  context: { config: GeminiVideoConfig; options: CallOptions },
): Promise<TaskStatus<VideoModelResult>> {
  const { config, options } = context;
  const { provider } = config;
  if (operation.done !== true) return { state: 'running' };
  const fail = (code: SwitchyardError['code'], message: string) => ({
    state: 'failed' as const,
    error: new SwitchyardError({
      code,
      provider,
      message: redact(message, config, options),
    }),
  });
  const { error } = operation;
  if (error != null) {
    // google.rpc.Code 1: the operation was cancelled.
    if (error.code === 1) return { state: 'cancelled' };
    const message = error.message ?? error.status ?? 'no reason given';
    return fail(
      operationErrorCode(error.code, message),
      `The Veo operation failed: ${message}`,
    );
  }
  const answer = operation.response?.generateVideoResponse;
  const uri = answer?.generatedSamples?.find((sample) => sample.video?.uri)
    ?.video?.uri;
  if (uri == null) {
    const reasons = answer?.raiMediaFilteredReasons ?? [];
    if ((answer?.raiMediaFilteredCount ?? 0) > 0 || reasons.length > 0) {
      return fail(
        'content_policy',
        `Veo's safety filters withheld the video: ${reasons.join(' ') || 'no reason given'}`,
      );
    }
    return fail(
      'invalid_response',
      'The Veo operation finished without a video.',
    );
  }
  const bytes = await downloadVeoVideo({ uri, config, options });
  return {
    state: 'succeeded',
    result: {
      video: { base64: Buffer.from(bytes).toString('base64'), format: 'mp4' },
      warnings: [],
    },
  };
}

/** The provider's words with the call's credentials taken out. */
function redact(
  message: string,
  config: ModelHttpConfig,
  options: CallOptions,
): string {
  const { headers } = modelCallOptions({ config, call: options });
  return headerSecretRedactor(headers)(message);
}
