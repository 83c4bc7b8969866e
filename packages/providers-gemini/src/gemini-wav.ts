/** The PCM Gemini's TTS models answer with: signed 16-bit little-endian, mono. */
const BITS_PER_SAMPLE = 16;
const CHANNELS = 1;
const HEADER_BYTES = 44;

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

/** How long `byteLength` bytes of 16-bit mono PCM play at `sampleRate`, in ms. */
export function pcmDurationMs(byteLength: number, sampleRate: number): number {
  const bytesPerSecond = (sampleRate * CHANNELS * BITS_PER_SAMPLE) / 8;
  return (byteLength / bytesPerSecond) * 1000;
}

/**
 * Wraps raw 16-bit mono PCM in a WAV (RIFF) file: the 44-byte header of
 * an uncompressed PCM `fmt ` chunk, then the samples as the `data` chunk.
 */
export function pcmToWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const wav = new Uint8Array(HEADER_BYTES + pcm.byteLength);
  const view = new DataView(wav.buffer);
  const blockAlign = (CHANNELS * BITS_PER_SAMPLE) / 8;
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index += 1) {
      view.setUint8(offset + index, text.charCodeAt(index));
    }
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + pcm.byteLength, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, CHANNELS, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true); // byte rate
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BITS_PER_SAMPLE, true);
  ascii(36, 'data');
  view.setUint32(40, pcm.byteLength, true);
  wav.set(pcm, HEADER_BYTES);
  return wav;
}
