/** Bytes of a canonical WAV header: RIFF, `fmt ` (PCM) and `data` chunk headers. */
export const WAV_HEADER_BYTES = 44;

/** Mono 16-bit PCM, as both synthesizers write it. */
export interface PcmAudio {
  /** The samples, little-endian 16-bit signed, one channel. */
  data: Uint8Array;
  sampleRate: number;
}

/**
 * Wraps mono 16-bit little-endian samples in a canonical 44-byte WAV header,
 * so any player (and any decoder) reads them.
 */
export function wavFile(audio: PcmAudio): Uint8Array {
  const bytes = new Uint8Array(WAV_HEADER_BYTES + audio.data.length);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index += 1) {
      view.setUint8(offset + index, text.charCodeAt(index));
    }
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + audio.data.length, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, audio.data.length, true);
  bytes.set(audio.data, WAV_HEADER_BYTES);
  return bytes;
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

/** The length of mono 16-bit PCM, in ms. */
export function pcmDurationMs(audio: PcmAudio): number {
  return (audio.data.length / 2 / audio.sampleRate) * 1000;
}
