import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqlStore } from './index';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'switchyard-migrate-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const PROCESSES = 4;
/** Time for every process to load before they all open the file at once. */
const START_DELAY_MS = 4_000;

/** Starts `count` processes that open the store `url` at the same moment; resolves what each printed or the error it failed with. */
function openTogether(url: string, count: number) {
  const environment = { ...process.env };
  delete environment.NODE_OPTIONS;
  const startAt = String(Date.now() + START_DELAY_MS);
  return Promise.all(
    Array.from({ length: count }, () =>
      run(
        process.execPath,
        [
          '--conditions=@switchyard/source',
          '--import',
          'tsx',
          join(import.meta.dirname, '__fixtures__', 'open-at.ts'),
          url,
          startAt,
        ],
        { cwd: import.meta.dirname, env: environment },
      ).then(
        ({ stdout }) => stdout.trim(),
        (error: { stderr?: string }) => `failed: ${error.stderr ?? ''}`,
      ),
    ),
  );
}

describe('opening one new SQLite file from several processes at once', () => {
  it('should migrate it once and let every process use it', async () => {
    for (const round of [1, 2]) {
      const url = `sqlite:${join(directory, `new-${round}.db`)}`;
      const printed = await openTogether(url, PROCESSES);
      for (const line of printed) expect(line).toMatch(/^key_/);
      const store = await createSqlStore({ url });
      const keys = await store.apiKeys.list();
      await store.close();
      expect(keys.map((key) => key.id).sort()).toEqual([...printed].sort());
    }
  }, 60_000);
});
