/**
 * Small valid audio files for the fake upstream to serve as a prediction's
 * output (the recorded fixtures hold no audio bytes).
 */

/** A 16-bit mono PCM WAV of silence: the 44-byte RIFF header, then the samples. */
export function wavBytes(options: {
  sampleRate: number;
  durationMs: number;
}): Uint8Array {
  const samples = Math.round((options.sampleRate * options.durationMs) / 1000);
  const dataBytes = samples * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index += 1) {
      view.setUint8(offset + index, text.charCodeAt(index));
    }
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return bytes;
}

/**
 * An MP3 of `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz,
 * 417 bytes and 1152 samples, about 26 ms, each).
 */
export function mp3Bytes(frames: number): Uint8Array {
  const frameBytes = 417;
  const bytes = new Uint8Array(frames * frameBytes);
  for (let frame = 0; frame < frames; frame += 1) {
    bytes.set([0xff, 0xfb, 0x90, 0x64], frame * frameBytes);
  }
  return bytes;
}

/** Base64 of bytes, as the model hands audio over. */
export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
