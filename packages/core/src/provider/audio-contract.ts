import { z } from 'zod';
import type { Warning } from '../schemas/common';
import {
  audioFormatSchema,
  type GeneratedAudio,
  type MusicRequest,
  type SpeechRequest,
} from '../schemas/audio';
import type { CallOptions, ModelBase, TaskModel } from './contract';
import { lengthCapabilitiesShape } from './length-capabilities';

/** What a speech model can do: the router skips a target whose model cannot serve a request. */
export const speechCapabilitiesSchema = z.object({
  /** Voices it knows; undefined when it takes any voice id (cloned voices). */
  voices: z.array(z.string()).optional(),
  /** The voice used when a request names none. */
  defaultVoice: z.string().optional(),
  formats: z.array(audioFormatSchema).min(1),
  /** Most characters per call. */
  maxCharacters: z.number().int().positive(),
  /** Takes `speed`. */
  speed: z.boolean(),
  /** Takes `instructions` (how to speak). */
  instructions: z.boolean(),
  /** Languages it speaks (BCP 47 primary tags); undefined for any. */
  languages: z.array(z.string()).optional(),
});
export type SpeechCapabilities = z.infer<typeof speechCapabilitiesSchema>;

/** What a music model can do. */
export const musicCapabilitiesSchema = z.object({
  formats: z.array(audioFormatSchema).min(1),
  ...lengthCapabilitiesShape,
  /** Can leave out vocals on request. */
  instrumental: z.boolean(),
  seed: z.boolean(),
});
export type MusicCapabilities = z.infer<typeof musicCapabilitiesSchema>;

/**
 * Audio as a model hands it over: the engine's result check decodes inline
 * bytes (their container must match `format`), measures `durationMs` and
 * `sampleRate` from them, and fills `mimeType`. Audio only at a URL must say
 * its `durationMs` (the gateway does not download it).
 */
export type ProviderAudio = Omit<
  GeneratedAudio,
  'durationMs' | 'mimeType' | 'sampleRate'
> & {
  durationMs?: number;
  mimeType?: string;
  sampleRate?: number;
};

/** What a speech or music model returns for one call. */
export interface AudioModelResult {
  audio: ProviderAudio;
  warnings: Warning[];
  /** The model id the provider reports it used, when it says. */
  modelId?: string;
  responseHeaders?: Record<string, string>;
}

/** A text-to-speech model. */
export interface SpeechModel extends ModelBase<SpeechCapabilities> {
  readonly kind: 'speech';
  generate(
    request: SpeechRequest,
    options: CallOptions,
  ): Promise<AudioModelResult>;
  /** Task-based models only: stops a task this model submitted (best effort, never rejects). */
  cancelTask?(taskId: string): Promise<void>;
}

/** A music (or sound effect) model; often task-based (submit, poll). */
export interface MusicModel extends ModelBase<MusicCapabilities> {
  readonly kind: 'music';
  generate(
    request: MusicRequest,
    options: CallOptions,
  ): Promise<AudioModelResult>;
  /** Task-based models only: stops a task this model submitted (best effort, never rejects). */
  cancelTask?(taskId: string): Promise<void>;
}

/** A task-based speech model. */
export type SpeechTaskModel = TaskModel<SpeechRequest, AudioModelResult>;
/** A task-based music model. */
export type MusicTaskModel = TaskModel<MusicRequest, AudioModelResult>;
