import { fileURLToPath } from 'node:url';
import { mp4Bytes as writeMp4 } from '@switchyard/testing';

/** What core's `measureVideo` answers. */
export type VideoMeasure =
  | {
      ok: true;
      durationMs: number;
      width?: number;
      height?: number;
      fps?: number;
      frames?: number;
    }
  | { ok: false; problem: string };

// The SDK's tests may not import core (the SDK ships only the server's
// types): the gateway's video check is loaded from core's source by path.
const VIDEO_CHECK = new URL(
  '../../core/src/results/video-bytes.ts',
  import.meta.url,
);

/** What the test kit's `mp4Bytes` takes: a real MP4 container (ffprobe reads it) with placeholder samples. */
export interface Mp4Options {
  durationMs: number;
  width: number;
  height: number;
  withAudio?: boolean;
}

/** A small valid MP4 of the given length and size (the test kit's writer). */
export async function mp4Bytes(options: Mp4Options): Promise<Uint8Array> {
  return Promise.resolve(writeMp4(options));
}

/** The gateway's video check: reads the container and measures it, or says what is wrong. */
export async function measureVideo(
  bytes: Uint8Array,
  format: 'mp4' | 'webm' | 'gif' | 'apng',
): Promise<VideoMeasure> {
  const check = (await import(fileURLToPath(VIDEO_CHECK))) as {
    measureVideo(bytes: Uint8Array, format: string): VideoMeasure;
  };
  return check.measureVideo(bytes, format);
}
