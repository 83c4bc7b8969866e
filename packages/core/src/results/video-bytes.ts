// PLACEHOLDER until helper merge
export type VideoFormat = 'mp4' | 'webm' | 'gif' | 'apng';
export type VideoMeasure =
  | {
      ok: true;
      durationMs: number;
      width?: number;
      height?: number;
      fps?: number;
      hasAudio?: boolean;
      frames?: number;
    }
  | { ok: false; problem: string };
export function measureVideo(
  bytes: Uint8Array,
  format: VideoFormat,
): VideoMeasure {
  return bytes.length > 0 && format
    ? { ok: true, durationMs: 1000 }
    : { ok: false, problem: 'empty' };
}
