import { pcmToWav } from '@switchyard/core';

// Small valid audio files for fake upstreams to send: recorded fixtures
// describe audio answers by their headers only.

/** An MPEG-1 Layer III frame header: 128 kbit/s, 44.1 kHz, no padding, stereo. */
const MP3_FRAME_HEADER = [0xff, 0xfb, 0x90, 0x00];
/** Bytes of one such frame: 144 × 128,000 / 44,100, rounded down. */
const MP3_FRAME_LENGTH = 417;

/** `frames` silent MP3 frames (1,152 samples, about 26 ms, each). */
export function mp3Bytes(frames = 10): Uint8Array {
  const bytes = new Uint8Array(frames * MP3_FRAME_LENGTH);
  for (let frame = 0; frame < frames; frame += 1) {
    bytes.set(MP3_FRAME_HEADER, frame * MP3_FRAME_LENGTH);
  }
  return bytes;
}

/** Raw 16-bit little-endian mono PCM silence. */
export function pcmBytes(options: {
  sampleRate: number;
  durationMs: number;
}): Uint8Array {
  const samples = Math.round((options.sampleRate * options.durationMs) / 1000);
  return new Uint8Array(samples * 2);
}

/** A 16-bit mono WAV file of silence (core's WAV writer). */
export function wavBytes(options: {
  sampleRate: number;
  durationMs: number;
}): Uint8Array {
  return pcmToWav(pcmBytes(options), options.sampleRate);
}
