import { crc32, deflateSync } from 'node:zlib';

/**
 * Small real media for the fake upstream and the requests. The recorded
 * speech fixtures hold headers only (the bytes were not stored), so the
 * audio here is generated in the shape their notes describe: MP3 frames
 * like OpenAI's (MPEG-2 Layer III, 24 kHz, mono), a streamed WAV whose RIFF
 * and data sizes are 0xFFFFFFFF, and raw 16-bit PCM at 24 kHz.
 */

/** A real PNG (RGB, black) of the given size. */
export function pngBytes(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // Each row: filter byte 0, then 3 bytes per pixel.
  const rows = Buffer.alloc(height * (1 + width * 3));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

/** A minimal baseline JPEG's segments (SOI, APP0, SOF0, SOS, EOI). */
export function jpegBytes(width: number, height: number): Uint8Array {
  const segment = (marker: number, body: number[]) => {
    const length = body.length + 2;
    return [0xff, marker, length >> 8, length & 0xff, ...body];
  };
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const frame = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, jfif),
    ...segment(0xc0, [...frame, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x12,
    0x34,
    0xff,
    0xd9,
  ]);
}

/** The 1×1 GIF browsers use for feature tests. */
export const GIF_1X1 =
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** Base64 of bytes. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * `count` MP3 frames as OpenAI sends them (header `FF F3 C4 C4`: MPEG-2
 * Layer III, 128 kbit/s, 24 kHz, mono; 384 bytes and 24 ms each).
 */
export function mp3Frames(count: number): Uint8Array {
  const frame = new Uint8Array(384);
  frame.set([0xff, 0xf3, 0xc4, 0xc4]);
  const bytes = new Uint8Array(frame.length * count);
  for (let index = 0; index < count; index += 1) {
    bytes.set(frame, index * frame.length);
  }
  return bytes;
}

/** Silent 16-bit mono PCM at 24 kHz, `ms` long. */
export function pcmSilence(ms: number): Uint8Array {
  return new Uint8Array((24_000 * 2 * ms) / 1_000);
}

/**
 * A WAV as OpenAI streams it: a 44-byte PCM header (16-bit, mono, 24 kHz)
 * whose RIFF and data sizes are 0xFFFFFFFF, then `ms` of silence.
 */
export function streamedWav(ms: number): Uint8Array {
  const samples = pcmSilence(ms);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(0xff_ff_ff_ff, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(24_000, 24);
  header.writeUInt32LE(48_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(0xff_ff_ff_ff, 40);
  return new Uint8Array(Buffer.concat([header, samples]));
}

/** A 1x1 lossless WebP, as the `thumbnail` variant of a video answers. */
export const WEBP_1X1 = Buffer.from(
  'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==',
  'base64',
);
