// Checks of what providers return: images, text, audio, video and training results.
// Re-exported whole by the package's index.

export { checkTrainingResult } from './check-training';
export {
  checkImageResult,
  checkTextResult,
  checkTextStreamPart,
  checkedTextStream,
} from './check-result';
export type {
  CheckImageResultOptions,
  CheckTextResultOptions,
} from './check-result';
export { checkAudioResult } from './check-audio';
export type { CheckedAudioResult } from './check-audio';
export { measureAudio } from './audio-bytes';
export type { AudioMeasure } from './audio-bytes';
export { checkVideoResult } from './check-video';
export type { CheckedVideoResult } from './check-video';
export { measureVideo } from './video-bytes';
export type { VideoMeasure } from './video-bytes';
export {
  IMAGE_EXTENSIONS,
  IMAGE_MIME_TYPES,
  imageTypeOf,
  inspectBase64Image,
  inspectImageBytes,
} from './image-bytes';
export type { ImageHeader, ImageMimeType } from './image-bytes';
