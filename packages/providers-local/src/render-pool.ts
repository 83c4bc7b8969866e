import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RenderOptions } from './procedural-image';
import render, { type RenderedInWorker } from './render-worker';

/** How long an idle render thread lives before it exits. */
const IDLE_TIMEOUT_MS = 5_000;
/**
 * Images up to this many pixels render in place: a millisecond or two of
 * work costs less than a hop to a thread (and, from source, a cold worker
 * compiling its TypeScript can take longer than a short attempt timeout).
 */
export const IN_PLACE_PIXEL_LIMIT = 128 * 128;

let pool: Piscina<RenderOptions, RenderedInWorker> | undefined;

/**
 * The worker file: beside this module in the built package (`dist/`); from
 * source (tests, `--conditions=@switchyard/source`), the TypeScript file,
 * loaded through tsx (found from here, whatever the working directory).
 */
function workerSource(): { filename: string; execArgv?: string[] } {
  if (import.meta.url.endsWith('.ts')) {
    return {
      filename: new URL('./render-worker.ts', import.meta.url).href,
      execArgv: [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      ],
    };
  }
  return { filename: new URL('./render-worker.js', import.meta.url).href };
}

function renderPool(): Piscina<RenderOptions, RenderedInWorker> {
  pool ??= new Piscina<RenderOptions, RenderedInWorker>({
    ...workerSource(),
    // One core stays with the event loop; threads start on demand and exit when idle.
    maxThreads: Math.max(1, availableParallelism() - 1),
    minThreads: 0,
    idleTimeout: IDLE_TIMEOUT_MS,
  });
  return pool;
}

/**
 * Renders a procedural image in the shared pool of worker threads, so a
 * large render never stalls the server's event loop. Same input, same bytes
 * as rendering in place. An aborted `signal` drops the task.
 */
export function renderInPool(
  options: RenderOptions,
  signal?: AbortSignal,
): Promise<RenderedInWorker> {
  if (options.width * options.height <= IN_PLACE_PIXEL_LIMIT) {
    return Promise.resolve(render(options));
  }
  return renderPool().run(options, signal === undefined ? {} : { signal });
}
