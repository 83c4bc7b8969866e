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
/** New files each process opens, one at a time, all processes together. */
const ROUNDS = 6;
/** Time for every process to load before they all open the first file. */
const START_DELAY_MS = 4_000;
/** Between two files: more than one migration of a new file takes. */
const STEP_MS = 600;

/**
 * Starts PROCESSES processes that open the same ROUNDS new stores at the
 * same moments; resolves the lines each printed (`<round> <key id>`), or
 * the error it failed with.
 */
function openTogether(prefix: string) {
  const environment = { ...process.env };
  delete environment.NODE_OPTIONS;
  const startAt = String(Date.now() + START_DELAY_MS);
  return Promise.all(
    Array.from({ length: PROCESSES }, () =>
      run(
        process.execPath,
        [
          '--conditions=@switchyard/source',
          '--import',
          'tsx',
          join(import.meta.dirname, '__fixtures__', 'open-at.ts'),
          prefix,
          startAt,
          String(ROUNDS),
          String(STEP_MS),
        ],
        { cwd: import.meta.dirname, env: environment },
      ).then(
        ({ stdout }) => stdout.trim().split('\n'),
        (error: { stderr?: string }) => [`failed: ${error.stderr ?? ''}`],
      ),
    ),
  );
}

describe('opening one new SQLite file from several processes at once', () => {
  it('should migrate it once and let every process use it', async () => {
    const prefix = `sqlite:${join(directory, 'new')}`;
    const printed = (await openTogether(prefix)).flat();
    expect(printed.filter((line) => !/^\d+ key_/.test(line))).toEqual([]);
    for (let round = 0; round < ROUNDS; round += 1) {
      const store = await createSqlStore({ url: `${prefix}-${round}.db` });
      const keys = await store.apiKeys.list();
      await store.close();
      const created = printed
        .filter((line) => line.startsWith(`${round} `))
        .map((line) => line.split(' ')[1]);
      expect(created).toHaveLength(PROCESSES);
      expect(keys.map((key) => key.id).sort()).toEqual(created.sort());
    }
  }, 60_000);
});
