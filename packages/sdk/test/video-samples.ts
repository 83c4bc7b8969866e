import { fileURLToPath } from 'node:url';

// Core's test-only video writers and its video check, loaded from core's
// source at run time: core does not export the writers, and the SDK's
// tsconfig (rootDir: the package) cannot compile another package's files,
// so a static import would not type-check. The signatures are restated
// here; the samples' own tests keep them honest.

const CORE_SOURCE = new URL('../../core/src/', import.meta.url);

/** What core's `mp4Bytes` takes: a real MP4 container (ffprobe reads it) with placeholder samples. */
export interface Mp4Options {
  durationMs: number;
  width: number;
  height: number;
  withAudio?: boolean;
}

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

/** Loads a module of core's source by its path under `src/`. */
async function coreModule<T>(path: string): Promise<T> {
  return (await import(fileURLToPath(new URL(path, CORE_SOURCE)))) as T;
}

/** A small valid MP4 of the given length and size (core's test writer). */
export async function mp4Bytes(options: Mp4Options): Promise<Uint8Array> {
  const samples = await coreModule<{
    mp4Bytes(options: Mp4Options): Uint8Array;
  }>('__tests__/video-samples.ts');
  return samples.mp4Bytes(options);
}

/** Core's video check: reads the container and measures it, or says what is wrong. */
export async function measureVideo(
  bytes: Uint8Array,
  format: 'mp4' | 'webm' | 'gif' | 'apng',
): Promise<VideoMeasure> {
  const check = await coreModule<{
    measureVideo(bytes: Uint8Array, format: string): VideoMeasure;
  }>('results/video-bytes.ts');
  return check.measureVideo(bytes, format);
}
