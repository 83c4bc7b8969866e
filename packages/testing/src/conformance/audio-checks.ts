import {
  AUDIO_MIME_TYPES,
  audioFormatSchema,
  type AudioFormat,
} from '@switchyard/core';
import { parseBuffer } from 'music-metadata';

/** What decoding a model's audio found: its format and length, or what is wrong. */
export type AudioCheck =
  | {
      ok: true;
      format: AudioFormat;
      durationMs: number;
      sampleRate?: number;
      /** False for audio only at a URL (its length is the model's word). */
      decoded: boolean;
    }
  | { ok: false; problem: string };

const ascii = (bytes: Uint8Array, text: string, at = 0) =>
  [...text].every((char, index) => bytes[at + index] === char.charCodeAt(0));
const frameSync = (bytes: Uint8Array, mask: number, value: number) =>
  bytes[0] === 0xff && ((bytes[1] ?? 0) & mask) === value;

/** Whether bytes open like a file of each format (raw PCM has no header). */
const SIGNATURES: Record<AudioFormat, (bytes: Uint8Array) => boolean> = {
  wav: (bytes) => ascii(bytes, 'RIFF') && ascii(bytes, 'WAVE', 8),
  mp3: (bytes) => ascii(bytes, 'ID3') || frameSync(bytes, 0xe0, 0xe0),
  opus: (bytes) => ascii(bytes, 'OggS'),
  aac: (bytes) => ascii(bytes, 'ID3') || frameSync(bytes, 0xf6, 0xf0),
  flac: (bytes) => ascii(bytes, 'fLaC'),
  pcm: () => true,
};

interface AudioFields {
  base64?: unknown;
  url?: unknown;
  format?: unknown;
  durationMs?: unknown;
  sampleRate?: unknown;
}

async function decodeBytes(
  bytes: Uint8Array,
  options: { format: AudioFormat; sampleRate: number | undefined },
): Promise<AudioCheck> {
  const { format, sampleRate } = options;
  if (bytes.length === 0) return { ok: false, problem: 'the audio is empty' };
  if (!SIGNATURES[format](bytes)) {
    return { ok: false, problem: `the bytes do not open like ${format}` };
  }
  if (format === 'pcm') {
    if (sampleRate === undefined || bytes.length % 2 !== 0) {
      return {
        ok: false,
        problem: 'raw PCM needs a sampleRate and whole 16-bit samples',
      };
    }
    const durationMs = (bytes.length / 2 / sampleRate) * 1000;
    return { ok: true, format, durationMs, sampleRate, decoded: true };
  }
  try {
    const { format: found } = await parseBuffer(
      bytes,
      { mimeType: AUDIO_MIME_TYPES[format], size: bytes.length },
      { duration: true, skipCovers: true },
    );
    const seconds = found.duration ?? 0;
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return { ok: false, problem: `its ${format} header gives no duration` };
    }
    return {
      ok: true,
      format,
      durationMs: seconds * 1000,
      ...(found.sampleRate === undefined
        ? {}
        : { sampleRate: found.sampleRate }),
      decoded: true,
    };
  } catch (error) {
    return {
      ok: false,
      problem: `it does not decode as ${format}: ${String(error)}`,
    };
  }
}

/**
 * Decodes the audio a speech or music model returned (`result.audio`):
 * inline base64 must open like its declared `format` and decode (with
 * music-metadata) to a duration above zero; raw PCM needs its sampleRate;
 * audio only at a URL must say its `durationMs`.
 */
export async function checkModelAudio(audio: unknown): Promise<AudioCheck> {
  const fields = (
    typeof audio === 'object' && audio !== null ? audio : {}
  ) as AudioFields;
  const format = audioFormatSchema.safeParse(fields.format);
  if (!format.success) {
    return { ok: false, problem: `it names no audio format` };
  }
  const sampleRate =
    typeof fields.sampleRate === 'number' ? fields.sampleRate : undefined;
  if (typeof fields.base64 === 'string') {
    const bytes = Buffer.from(fields.base64, 'base64');
    return decodeBytes(bytes, { format: format.data, sampleRate });
  }
  if (typeof fields.url !== 'string') {
    return { ok: false, problem: 'it carries neither base64 nor a url' };
  }
  if (typeof fields.durationMs !== 'number' || fields.durationMs <= 0) {
    return { ok: false, problem: 'audio at a URL must say its durationMs' };
  }
  return {
    ok: true,
    format: format.data,
    durationMs: fields.durationMs,
    ...(sampleRate === undefined ? {} : { sampleRate }),
    decoded: false,
  };
}
