import { speakPcm } from './espeak';
import { composeMusic } from './music-synth';
import { pcmDurationMs, wavFile, type PcmAudio } from './wav';

/** The audio formats the local models write. */
export type LocalAudioFormat = 'wav' | 'pcm';

/** Audio a worker task made, or why it made none. */
export type AudioOutcome =
  | { ok: true; base64: string; sampleRate: number; durationMs: number }
  | { ok: false; code: 'invalid_request' | 'server_error'; problem: string };

function encode(audio: PcmAudio, format: LocalAudioFormat): AudioOutcome {
  const bytes = format === 'wav' ? wavFile(audio) : audio.data;
  return {
    ok: true,
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
      'base64',
    ),
    sampleRate: audio.sampleRate,
    durationMs: pcmDurationMs(audio),
  };
}

/** What {@link speakTask} says, and how. */
export interface SpeakTask {
  text: string;
  /** The mespeak voice module (`en/en-us`). */
  voice: string;
  variant?: string;
  wordsPerMinute: number;
  format: LocalAudioFormat;
}

/** Speaks a text with eSpeak, as WAV or raw PCM (a worker task). */
export function speakTask(task: SpeakTask): AudioOutcome {
  const audio = speakPcm(task);
  if (audio === undefined) {
    return {
      ok: false,
      code: 'server_error',
      problem: 'eSpeak returned no audio',
    };
  }
  if (audio.data.length === 0) {
    return {
      ok: false,
      code: 'invalid_request',
      problem: 'the text has nothing eSpeak can pronounce',
    };
  }
  return encode(audio, task.format);
}

/** What {@link composeTask} plays. */
export interface ComposeTask {
  prompt: string;
  seed: number;
  frames: number;
  format: LocalAudioFormat;
}

/** Composes a piece of exactly `frames` samples, as WAV or raw PCM (a worker task). */
export function composeTask(task: ComposeTask): AudioOutcome {
  return encode(composeMusic(task), task.format);
}
