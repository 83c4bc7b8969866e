import {
  SwitchyardError,
  isAbortError,
  type AudioModelResult,
  type Warning,
} from '@switchyard/core';
import type { AudioOutcome, LocalAudioFormat } from './audio-tasks';
import {
  runMediaTask,
  type MediaTaskName,
  type MediaTasks,
} from './worker-pool';

/**
 * Runs a media task for a local model: an abort (the caller's signal, which
 * drops the task in its thread) becomes a `cancelled` SwitchyardError.
 */
export async function runLocalTask<TName extends MediaTaskName>(
  name: TName,
  input: Parameters<MediaTasks[TName]>[0],
  options: { provider: string; signal?: AbortSignal; inPlace?: boolean },
): Promise<ReturnType<MediaTasks[TName]>> {
  try {
    return await runMediaTask(name, input, options);
  } catch (error) {
    if (options.signal?.aborted === true || isAbortError(error)) {
      throw new SwitchyardError({
        code: 'cancelled',
        provider: options.provider,
        message: 'The call was cancelled before the local model answered.',
        cause: error,
      });
    }
    throw error;
  }
}

/** A model result for audio a task made; throws its problem, if any, with the problem's code. */
export function audioModelResult(options: {
  outcome: AudioOutcome;
  format: LocalAudioFormat;
  provider: string;
  modelId: string;
  warnings: Warning[];
}): AudioModelResult {
  const { outcome, format, provider } = options;
  if (!outcome.ok) {
    throw new SwitchyardError({
      code: outcome.code,
      provider,
      message: `The local ${options.modelId} model failed: ${outcome.problem}.`,
    });
  }
  return {
    audio: {
      base64: outcome.base64,
      format,
      mimeType:
        format === 'wav' ? 'audio/wav' : `audio/L16;rate=${outcome.sampleRate}`,
      durationMs: outcome.durationMs,
      sampleRate: outcome.sampleRate,
    },
    warnings: options.warnings,
    modelId: options.modelId,
  };
}

/** Refuses a format the local models do not write, with `unsupported`. */
export function localAudioFormat(options: {
  format: string | undefined;
  provider: string;
  modelId: string;
}): LocalAudioFormat {
  const format = options.format ?? 'wav';
  if (format === 'wav' || format === 'pcm') return format;
  throw new SwitchyardError({
    code: 'unsupported',
    provider: options.provider,
    message: `The local ${options.modelId} model writes wav or pcm, not ${format}; ask for format "wav".`,
  });
}
