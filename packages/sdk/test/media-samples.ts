// Small valid media files for the fake upstreams: audio from the testing kit.
export { mp3Bytes, wavBytes } from '@switchyard/testing';

/** A 4×4 opaque red PNG: the picture an edit starts from. */
export const RED_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAEklEQVR42mM4oaHxHxkzkC4AAGw4IXGxLAXgAAAAAElFTkSuQmCC';

/** A 4×4 fully transparent PNG: a mask that repaints everything. */
export const CLEAR_MASK_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAADElEQVR42mNgoBwAAABEAAHpHptRAAAAAElFTkSuQmCC';
