import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from './local-backend';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-local-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const bytes = Buffer.from('0123456789abcdef');

async function* chunks(failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let index = 0; index < bytes.byteLength; index += 4) {
    if (failAfter !== undefined && index >= failAfter) throw new Error('cut');
    yield await Promise.resolve(bytes.subarray(index, index + 4));
  }
}

describe('createLocalBackend', () => {
  it('should write a body to a random file in a folder it makes, and read it back whole or in part', async () => {
    const backend = createLocalBackend({ directory: join(directory, 'made') });
    const location = await backend.write({
      body: chunks(),
      mimeType: 'video/mp4',
    });
    expect(location).toMatch(/^[0-9a-f]{32}$/);
    expect(await readdir(join(directory, 'made'))).toEqual([location]);
    const whole = await backend.read(location);
    expect(await buffer(whole as NodeJS.ReadableStream)).toEqual(bytes);
    const part = await backend.read(location, { start: 2, end: 5 });
    expect(String(await buffer(part as NodeJS.ReadableStream))).toBe('2345');
  });

  it('should leave no file, temporary or final, when the body fails', async () => {
    const backend = createLocalBackend({ directory });
    await expect(
      backend.write({ body: chunks(8), mimeType: 'video/mp4' }),
    ).rejects.toThrow('cut');
    expect(await readdir(directory)).toEqual([]);
  });

  it('should delete a file once, and find nothing after', async () => {
    const backend = createLocalBackend({ directory });
    const location = await backend.write({
      body: chunks(),
      mimeType: 'video/mp4',
    });
    await backend.delete(location);
    await backend.delete(location);
    expect(await backend.read(location)).toBeUndefined();
  });

  it('should refuse a location it could not have made (no path from input)', async () => {
    const backend = createLocalBackend({ directory });
    await expect(backend.read('../../etc/passwd')).rejects.toThrow(
      /Not an artifact location/,
    );
    await expect(backend.delete('../x')).rejects.toThrow(
      /Not an artifact location/,
    );
  });
});
