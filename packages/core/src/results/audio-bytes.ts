import { AUDIO_MIME_TYPES, type AudioFormat } from '../schemas/audio';

/** What decoding audio bytes told: its length and sample rate, or what is wrong with it. */
export type AudioMeasure =
  | { ok: true; durationMs: number; sampleRate?: number }
  | { ok: false; problem: string };

const startsWith = (bytes: Uint8Array, text: string, at = 0) =>
  [...text].every((char, index) => bytes[at + index] === char.charCodeAt(0));

/** Whether the bytes open like a file of `format` (raw PCM has no header: any). */
const CONTAINERS: Record<AudioFormat, (bytes: Uint8Array) => boolean> = {
  wav: (bytes) => startsWith(bytes, 'RIFF') && startsWith(bytes, 'WAVE', 8),
  mp3: (bytes) =>
    startsWith(bytes, 'ID3') ||
    (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0),
  opus: (bytes) => startsWith(bytes, 'OggS'),
  aac: (bytes) =>
    startsWith(bytes, 'ID3') ||
    (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xf6) === 0xf0),
  flac: (bytes) => startsWith(bytes, 'fLaC'),
  pcm: () => true,
};

/**
 * Decodes audio bytes of `format` far enough to know they are what they
 * claim: the container's signature, a header that parses, and a length.
 * Raw PCM (16-bit mono) has no header: its length comes from `sampleRate`.
 */
export async function measureAudio(options: {
  bytes: Uint8Array;
  format: AudioFormat;
  sampleRate?: number;
}): Promise<AudioMeasure> {
  const { bytes, format, sampleRate } = options;
  if (bytes.length === 0) return { ok: false, problem: 'the audio is empty' };
  if (!CONTAINERS[format](bytes)) {
    return { ok: false, problem: `the bytes are not ${format} audio` };
  }
  if (format === 'pcm') return measurePcm(bytes, sampleRate);
  try {
    // Loaded on the first audio checked: a gateway without audio never pays for it.
    const { parseBuffer } = await import('music-metadata');
    const { format: found } = await parseBuffer(
      bytes,
      { mimeType: AUDIO_MIME_TYPES[format], size: bytes.length },
      { duration: true, skipCovers: true },
    );
    const seconds = found.duration;
    if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
      return { ok: false, problem: `its ${format} header gives no duration` };
    }
    return {
      ok: true,
      durationMs: Math.round(seconds * 1000),
      ...(found.sampleRate === undefined
        ? {}
        : { sampleRate: found.sampleRate }),
    };
  } catch {
    return { ok: false, problem: `its ${format} header does not decode` };
  }
}

function measurePcm(
  bytes: Uint8Array,
  sampleRate: number | undefined,
): AudioMeasure {
  if (sampleRate === undefined) {
    return { ok: false, problem: 'raw PCM audio came without its sample rate' };
  }
  if (bytes.length % 2 !== 0) {
    return { ok: false, problem: 'raw 16-bit PCM has an odd number of bytes' };
  }
  return {
    ok: true,
    durationMs: Math.round((bytes.length / 2 / sampleRate) * 1000),
    sampleRate,
  };
}
