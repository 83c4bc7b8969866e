import {
  SwitchyardError,
  getBinary,
  type AudioFormat,
  type AudioModelResult,
  type CallOptions,
} from '@switchyard/core';
import { outputURLs, type Prediction } from './replicate-api';
import type { ReplicateModelConfig } from './replicate-prediction';

/** Largest audio file taken from a prediction: the ~50 MB of audio a result may carry. */
const MAX_AUDIO_BYTES = 50 * 1024 * 1024;
/** How long downloading it may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** The format an output file's extension names, when it names one. */
const FORMAT_OF_EXTENSION: Record<string, AudioFormat> = {
  mp3: 'mp3',
  wav: 'wav',
  flac: 'flac',
  ogg: 'opus',
  opus: 'opus',
  aac: 'aac',
};

/**
 * The audio of a finished prediction: its output file, downloaded (bounded
 * in size and time, stopped by the caller's signal) and handed over as
 * base64, so core's result check decodes and measures it. The download
 * carries no Replicate token: output files are served from their own host.
 */
export async function predictionAudio(context: {
  prediction: Prediction;
  /** The format asked for; the file's extension wins when it names one. */
  format: AudioFormat;
  config: ReplicateModelConfig;
  options: CallOptions;
}): Promise<AudioModelResult> {
  const { prediction, config } = context;
  const url = outputURLs(prediction)[0];
  if (url === undefined) {
    throw new SwitchyardError({
      code: 'invalid_response',
      provider: config.provider,
      message: `The ${config.provider} prediction ${prediction.id} succeeded without an output file.`,
    });
  }
  const { value } = await getBinary({
    url,
    provider: config.provider,
    signal: context.options.signal,
    fetch: config.fetch,
    userAgent: config.userAgent,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    maxResponseBytes: MAX_AUDIO_BYTES,
  });
  const extension = /\.(\w+)(?:\?|$)/.exec(url)?.[1]?.toLowerCase() ?? '';
  return {
    audio: {
      base64: Buffer.from(value.data).toString('base64'),
      format: FORMAT_OF_EXTENSION[extension] ?? context.format,
    },
    warnings: [],
  };
}
