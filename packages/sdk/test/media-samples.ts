// Small valid media files for the fake upstreams to send: the recorded
// fixtures describe audio answers by their headers only.

/** An MPEG-1 Layer III frame header: 128 kbit/s, 44.1 kHz, no padding, stereo. */
const MP3_FRAME_HEADER = [0xff, 0xfb, 0x90, 0x00];
/** Bytes of one such frame: 144 × 128,000 / 44,100, rounded down. */
const MP3_FRAME_LENGTH = 417;

/** `frames` silent MP3 frames (1,152 samples, about 26 ms, each). */
export function mp3Bytes(frames: number): Uint8Array {
  const bytes = new Uint8Array(frames * MP3_FRAME_LENGTH);
  for (let frame = 0; frame < frames; frame += 1) {
    bytes.set(MP3_FRAME_HEADER, frame * MP3_FRAME_LENGTH);
  }
  return bytes;
}

/** A 16-bit mono WAV file of silence. */
export function wavBytes(options: {
  sampleRate: number;
  durationMs: number;
}): Uint8Array {
  const samples = Math.round((options.sampleRate * options.durationMs) / 1000);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(options.sampleRate, 24);
  buffer.writeUInt32LE(options.sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  return new Uint8Array(buffer);
}

/** A 4×4 opaque red PNG: the picture an edit starts from. */
export const RED_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAEklEQVR42mM4oaHxHxkzkC4AAGw4IXGxLAXgAAAAAElFTkSuQmCC';

/** A 4×4 fully transparent PNG: a mask that repaints everything. */
export const CLEAR_MASK_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAADElEQVR42mNgoBwAAABEAAHpHptRAAAAAElFTkSuQmCC';
