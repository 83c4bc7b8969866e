import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__tests__/cli-process';

/**
 * The repo root's `switchyard`: pnpm's shim to this package's bin (the root
 * has `@switchyard/server` as a devDependency), what `pnpm exec switchyard`
 * runs there.
 */
const ROOT_BIN = fileURLToPath(
  new URL('../../../../node_modules/.bin/switchyard', import.meta.url),
);

describe(
  'switchyard keys through the repo root’s bin',
  { timeout: 60_000 },
  () => {
    let directory: string;

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'switchyard-root-bin-'));
      await writeFile(
        join(directory, 'switchyard.yaml'),
        'store: { url: "sqlite:./state/keys.db" }\nproviders: { local: {} }\nroutes: { text: { targets: ["local:echo"] } }\n',
      );
    });
    afterAll(() => rm(directory, { recursive: true, force: true }));

    /** `switchyard ...argv` from the root's bin, in the folder with the config. */
    const switchyard = (argv: string[]) =>
      runCli({
        executable: ROOT_BIN,
        argv,
        cwd: directory,
        environment: { SWITCHYARD_CONFIG: 'switchyard.yaml' },
      });

    it('should top up a key it created, in the store the config names', async () => {
      const created = await switchyard([
        'keys',
        'create',
        '--name',
        'root',
        '--credits',
        '1000',
      ]);
      expect(created).toMatchObject({ code: 0, stderr: '' });
      const id = /created (key_\S+)/.exec(created.stdout)?.[1] ?? '';
      expect(id).not.toBe('');

      const topUp = await switchyard([
        'keys',
        'top-up',
        id,
        '--credits',
        '2500',
      ]);
      expect(topUp).toMatchObject({
        code: 0,
        stdout: `added 2500 micro-credits to ${id}: balance 3500, reserved 0, available 3500\n`,
        stderr: '',
      });
      const list = await switchyard(['keys', 'list', '--json']);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(list.stdout)).toEqual({
        keys: [
          expect.objectContaining({
            id,
            name: 'root',
            balance: { balance: 3500, reserved: 0, available: 3500 },
          }),
        ],
      });
      // The store beside the config, not in the repo.
      await access(join(directory, 'state/keys.db'));

      const unknown = await switchyard([
        'keys',
        'top-up',
        'key_nope',
        '--credits',
        '1',
      ]);
      expect(unknown).toMatchObject({ code: 1, stdout: '' });
      expect(unknown.stderr).toContain('no key key_nope');
    });
  },
);
