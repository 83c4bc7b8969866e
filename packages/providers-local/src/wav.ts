import {
  pcmDurationMs as corePcmDurationMs,
  pcmToWav,
  WAV_HEADER_BYTES,
} from '@switchyard/core';

export { WAV_HEADER_BYTES };

/** Mono 16-bit PCM, as both synthesizers write it. */
export interface PcmAudio {
  /** The samples, little-endian 16-bit signed, one channel. */
  data: Uint8Array;
  sampleRate: number;
}

/** The samples as a WAV file any player (and any decoder) reads (core's writer). */
export function wavFile(audio: PcmAudio): Uint8Array {
  return pcmToWav(audio.data, audio.sampleRate);
}

/**
 * Reads a mono 16-bit PCM WAV file: its sample rate and the bytes of its
 * `data` chunk (walking the chunks, so extra chunks are skipped). Undefined
 * when the bytes are not such a file, or the data chunk is cut short.
 */
export function readWav(bytes: Uint8Array): PcmAudio | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) =>
    String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < WAV_HEADER_BYTES || tag(0) !== 'RIFF') return undefined;
  if (tag(8) !== 'WAVE') return undefined;
  let sampleRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (tag(offset) === 'fmt ') {
      const pcm = view.getUint16(body, true) === 1;
      const mono = view.getUint16(body + 2, true) === 1;
      const bits = view.getUint16(body + 14, true);
      if (!pcm || !mono || bits !== 16) return undefined;
      sampleRate = view.getUint32(body + 4, true);
    } else if (tag(offset) === 'data') {
      if (sampleRate === undefined || body + size > bytes.length) {
        return undefined;
      }
      if (size % 2 !== 0) return undefined;
      return { data: bytes.subarray(body, body + size), sampleRate };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** The length of mono 16-bit PCM, in ms (core's measure). */
export function pcmDurationMs(audio: PcmAudio): number {
  return corePcmDurationMs(audio.data.length, audio.sampleRate);
}
