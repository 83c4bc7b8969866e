import {
  cancelQuietly,
  runTask,
  unsupportedSetting,
  type AudioModelResult,
  type CallOptions,
  type CostMetadata,
  type MusicCapabilities,
  type MusicModel,
  type MusicRequest,
  type SpeechCapabilities,
  type SpeechModel,
  type SpeechRequest,
  type Warning,
} from '@switchyard/core';
import { falTaskModel, runFalEndpoint, type FalEndpoint } from './fal-endpoint';

/** What a fal speech or music model is made of. */
interface FalAudioModelOptions<TRequest extends { format?: string }, TOutput> {
  endpoint: FalEndpoint<TRequest, TOutput, AudioModelResult>;
  /** `queue` (default): submit, poll, fetch, cancel; `sync`: one run call. */
  mode: 'queue' | 'sync';
  cost?: CostMetadata;
  /** The settings a request sets that the model ignores. */
  warnings: (request: TRequest) => Warning[];
}

/** A warning when the file fal made is not in the format the request asked for. */
function formatWarnings(asked: string | undefined, made: string): Warning[] {
  return asked === undefined || asked === made
    ? []
    : [
        unsupportedSetting({
          setting: 'format',
          details: `The model made ${made} audio, not ${asked}.`,
        }),
      ];
}

/** `generate` and `cancelTask` of an audio model, on the queue or the run endpoint. */
function audioCalls<TRequest extends { format?: string }, TOutput>(
  options: FalAudioModelOptions<TRequest, TOutput>,
) {
  const taskModel = falTaskModel(options.endpoint);
  const generate = async (
    request: TRequest,
    callOptions: CallOptions,
  ): Promise<AudioModelResult> => {
    const result =
      options.mode === 'sync'
        ? await runFalEndpoint(options.endpoint, request, callOptions)
        : await runTask({ taskModel, request, callOptions });
    return {
      ...result,
      warnings: [
        ...options.warnings(request),
        ...formatWarnings(request.format, result.audio.format),
        ...result.warnings,
      ],
    };
  };
  return {
    generate,
    cancelTask: (taskId: string) => cancelQuietly({ taskModel, taskId }),
  };
}

/** A fal text-to-speech model. */
export function falSpeechModel<TOutput>(
  options: FalAudioModelOptions<SpeechRequest, TOutput> & {
    capabilities: SpeechCapabilities;
  },
): SpeechModel {
  const { endpoint, capabilities, cost } = options;
  return {
    kind: 'speech',
    provider: endpoint.config.provider,
    modelId: endpoint.modelId,
    capabilities,
    cost,
    ...audioCalls(options),
  };
}

/** A fal music or sound model. */
export function falMusicModel<TOutput>(
  options: FalAudioModelOptions<MusicRequest, TOutput> & {
    capabilities: MusicCapabilities;
  },
): MusicModel {
  const { endpoint, capabilities, cost } = options;
  return {
    kind: 'music',
    provider: endpoint.config.provider,
    modelId: endpoint.modelId,
    capabilities,
    cost,
    ...audioCalls(options),
  };
}
