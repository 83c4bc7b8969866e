import { wavBytes } from '@switchyard/testing';

/** A valid WAV file of `durationMs` of 16-bit mono silence at `sampleRate` (the testing kit's). */
export function silentWav(durationMs: number, sampleRate = 24_000): Uint8Array {
  return wavBytes({ durationMs, sampleRate });
}
