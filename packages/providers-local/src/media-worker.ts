import { composeTask, speakTask } from './audio-tasks';
import { editImage } from './image-edit';
import { renderProceduralImage, type RenderOptions } from './procedural-image';
import { renderVideoTask } from './video-task';

/** What a render in a worker thread sends back. */
export interface RenderedInWorker {
  base64: string;
  width: number;
  height: number;
}

/**
 * The worker thread's default task (see `worker-pool.ts`): renders one
 * procedural image and encodes it, off the server's event loop. The worker
 * imports only media code (no `@switchyard/*`), so it loads the same from
 * source and from the built package.
 */
export default function render(options: RenderOptions): RenderedInWorker {
  const rendered = renderProceduralImage(options);
  return {
    base64: rendered.png.toString('base64'),
    width: rendered.width,
    height: rendered.height,
  };
}

/** Speaks a text with eSpeak. */
export const speak = speakTask;
/** Composes a piece of music. */
export const compose = composeTask;
/** Edits a reference image. */
export const edit = editImage;
/** Draws and encodes a video clip. */
export const video = renderVideoTask;
