import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import * as tasks from './media-worker';

/** How long an idle worker thread lives before it exits. */
const IDLE_TIMEOUT_MS = 5_000;
/**
 * Images up to this many pixels render in place: a millisecond or two of
 * work costs less than a hop to a thread (and, from source, a cold worker
 * compiling its TypeScript can take longer than a short attempt timeout).
 */
export const IN_PLACE_PIXEL_LIMIT = 128 * 128;

/** The tasks a worker thread runs, by export name (`default` renders an image). */
export type MediaTasks = typeof tasks;
/** The name of one task. */
export type MediaTaskName = keyof MediaTasks;

let pool: Piscina | undefined;

/**
 * The worker file: beside this module in the built package (`dist/`); from
 * source (tests, `--conditions=@switchyard/source`), the TypeScript file,
 * loaded through tsx (found from here, whatever the working directory).
 */
function workerSource(): { filename: string; execArgv?: string[] } {
  if (import.meta.url.endsWith('.ts')) {
    return {
      filename: new URL('./media-worker.ts', import.meta.url).href,
      execArgv: [
        // Workspace packages from source too, as in the test that started it.
        '--conditions=@switchyard/source',
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      ],
    };
  }
  return { filename: new URL('./media-worker.js', import.meta.url).href };
}

function workerPool(): Piscina {
  pool ??= new Piscina({
    ...workerSource(),
    // One core stays with the event loop; threads start on demand and exit when idle.
    maxThreads: Math.max(1, availableParallelism() - 1),
    minThreads: 0,
    idleTimeout: IDLE_TIMEOUT_MS,
  });
  return pool;
}

/**
 * Runs a media task (render, speak, compose, edit) in the shared pool of
 * worker threads, so CPU work never stalls the server's event loop; or in
 * place when `inPlace` (small work, cheaper than the hop). Same input, same
 * output either way. An aborted `signal` drops the task (and its thread).
 */
export async function runMediaTask<TName extends MediaTaskName>(
  name: TName,
  input: Parameters<MediaTasks[TName]>[0],
  options: { signal?: AbortSignal; inPlace?: boolean } = {},
): Promise<ReturnType<MediaTasks[TName]>> {
  if (options.inPlace === true) {
    options.signal?.throwIfAborted();
    const task = tasks[name] as (
      argument: typeof input,
    ) => ReturnType<MediaTasks[TName]>;
    return task(input);
  }
  return (await workerPool().run(input, {
    name,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })) as ReturnType<MediaTasks[TName]>;
}

/** Renders a procedural image, in place when it is small (see {@link IN_PLACE_PIXEL_LIMIT}). */
export function renderInPool(
  options: Parameters<MediaTasks['default']>[0],
  signal?: AbortSignal,
): Promise<ReturnType<MediaTasks['default']>> {
  return runMediaTask('default', options, {
    signal,
    inPlace: options.width * options.height <= IN_PLACE_PIXEL_LIMIT,
  });
}
