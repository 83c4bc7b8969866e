import { renderProceduralImage, type RenderOptions } from './procedural-image';

/** What a render in a worker thread sends back. */
export interface RenderedInWorker {
  base64: string;
  width: number;
  height: number;
}

/**
 * The worker thread's task (see `render-pool.ts`): renders one procedural
 * image and encodes it, off the server's event loop. Imports nothing but the
 * renderer, so it loads the same from source and from the built package.
 */
export default function render(options: RenderOptions): RenderedInWorker {
  const rendered = renderProceduralImage(options);
  return {
    base64: rendered.png.toString('base64'),
    width: rendered.width,
    height: rendered.height,
  };
}
