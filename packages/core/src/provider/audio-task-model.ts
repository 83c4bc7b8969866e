import { checkAudioResult } from '../results/check-audio';
import type {
  AudioFormat,
  MusicRequest,
  SpeechRequest,
} from '../schemas/audio';
import type {
  AudioModelResult,
  MusicCapabilities,
  MusicModel,
  SpeechCapabilities,
  SpeechModel,
} from './audio-contract';
import { taskRunningModel, type TaskModelAdapterOptions } from './task-poller';

/** Options of {@link taskModelToSpeechModel} and {@link taskModelToMusicModel}. */
type AudioTaskOptions<TRequest, TCapabilities> = TaskModelAdapterOptions<
  TRequest,
  AudioModelResult,
  TCapabilities
>;

/**
 * Turns a task-based speech model (submit / status / result / cancel) into
 * a {@link SpeechModel} whose `generate` runs the task to its end on core's
 * poller; a resumed task's audio is checked here too.
 */
export function taskModelToSpeechModel(
  options: AudioTaskOptions<SpeechRequest, SpeechCapabilities>,
): SpeechModel {
  return { kind: 'speech', ...audioTaskModel(options) };
}

/** As {@link taskModelToSpeechModel}, for music (the usual case: music APIs are task APIs). */
export function taskModelToMusicModel(
  options: AudioTaskOptions<MusicRequest, MusicCapabilities>,
): MusicModel {
  return { kind: 'music', ...audioTaskModel(options) };
}

function audioTaskModel<
  TRequest extends { format?: AudioFormat },
  TCapabilities,
>(options: AudioTaskOptions<TRequest, TCapabilities>) {
  const { provider } = options.taskModel;
  return taskRunningModel(options, (result, request) =>
    checkAudioResult({ result, format: request.format, provider }),
  );
}
