/** Bytes of a canonical WAV header: RIFF, `fmt ` (PCM) and `data` chunk headers. */
export const WAV_HEADER_BYTES = 44;

/**
 * Wraps raw 16-bit little-endian mono PCM in a WAV (RIFF) file: the 44-byte
 * header of an uncompressed PCM `fmt ` chunk, then the samples as `data`.
 * For providers that answer raw PCM (Gemini TTS) and synthesizers (local).
 */
export function pcmToWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const wav = new Uint8Array(WAV_HEADER_BYTES + pcm.byteLength);
  const view = new DataView(wav.buffer);
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
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, pcm.byteLength, true);
  wav.set(pcm, WAV_HEADER_BYTES);
  return wav;
}

/** How long `byteLength` bytes of 16-bit mono PCM play at `sampleRate`, in ms. */
export function pcmDurationMs(byteLength: number, sampleRate: number): number {
  return (byteLength / 2 / sampleRate) * 1000;
}
