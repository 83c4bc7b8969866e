/** Gemini's TTS models answer signed 16-bit little-endian mono PCM. */
/** Gemini's TTS rate when the mime type names none. */
export const GEMINI_PCM_SAMPLE_RATE = 24_000;

/**
 * The sample rate of raw PCM from its mime type (`audio/L16;codec=pcm;rate=24000`),
 * or undefined when the type is not raw 16-bit PCM.
 */
export function pcmSampleRate(mimeType: string): number | undefined {
  const [type, ...parameters] = mimeType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (type !== 'audio/l16' && type !== 'audio/pcm') return undefined;
  const rate = parameters
    .map((parameter) => /^rate=(\d{4,6})$/.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return rate === undefined ? GEMINI_PCM_SAMPLE_RATE : Number(rate);
}

// The WAV writer and PCM length are core's (`pcmToWav`, `pcmDurationMs`).
export { pcmDurationMs, pcmToWav } from '@switchyard/core';
