/**
 * Small, deterministic video files built in code, for tests of the video
 * check and for fake provider outputs. The GIF and APNG are real animations
 * any viewer plays; the MP4 and WebM are real containers (box and element
 * trees that ffprobe reads: size, length, tracks) whose sample bytes are
 * placeholders, not decodable frames.
 */
export { apngBytes } from './video-samples/apng';
export { gifBytes } from './video-samples/gif';
export { mp4Bytes } from './video-samples/mp4';
export { webmBytes } from './video-samples/webm';
export type { Mp4SampleOptions } from './video-samples/mp4';
