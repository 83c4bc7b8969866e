import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  isLocation,
  newLocation,
  type ArtifactBackend,
  type ByteRange,
} from './artifact-backend';

/**
 * Kept outputs as files in one folder: each body streams to a temporary
 * file beside its final one, is flushed to disk (fsync), then renamed into
 * place, so a reader never sees half a file and a crash leaves at most a
 * `.tmp-*` file. File names are random, never derived from input.
 *
 * @example
 * const backend = createLocalBackend({ directory: '/srv/switchyard/artifacts' });
 */
export function createLocalBackend(options: {
  directory: string;
}): ArtifactBackend {
  const { directory } = options;
  let made: Promise<unknown> | undefined;
  const pathOf = (location: string) => {
    // A location comes from the store: refuse one this backend never made.
    if (!isLocation(location)) {
      throw new Error(`Not an artifact location: ${location.slice(0, 64)}`);
    }
    return join(directory, location);
  };
  return {
    description: `dir ${directory}`,
    async write({ body, signal }) {
      made ??= mkdir(directory, { recursive: true });
      await made;
      const location = newLocation();
      const temporary = join(directory, `.tmp-${location}`);
      try {
        await writeDurably(temporary, body, signal);
        await rename(temporary, pathOf(location));
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
      await syncDirectory(directory);
      return location;
    },
    async read(location, range?: ByteRange): Promise<Readable | undefined> {
      const path = pathOf(location);
      const found = await stat(path).catch(() => undefined);
      if (found === undefined) return undefined;
      return createReadStream(path, range);
    },
    async delete(location) {
      await unlink(pathOf(location)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    close: () => undefined,
  };
}

/** Writes every chunk of `body` to a new file at `path`, flushed to disk (fsync) before it closes. */
async function writeDurably(
  path: string,
  body: AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<void> {
  await pipeline(
    Readable.from(body, { objectMode: false }),
    createWriteStream(path, { flags: 'wx', flush: true }),
    { signal },
  );
}

/** Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be synced. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
