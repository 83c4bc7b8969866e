import type { AudioFormat } from '@switchyard/core';

/**
 * The body of `POST /audio/speech`: the request's fields under the API's
 * names, then the provider options' own fields.
 */
export interface SpeechRequestBody {
  model: string;
  /** The text to say. */
  input: string;
  voice?: string;
  response_format: AudioFormat;
  speed?: number;
  /** How to say it; only models that take instructions get it. */
  instructions?: string;
}
