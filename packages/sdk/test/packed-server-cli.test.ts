import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedServer } from './packed-server';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe(
  'the switchyard command from a packed install',
  { timeout: 60_000 },
  () => {
    let directory: string;
    let serverFiles: string[];

    beforeAll(async () => {
      const installed = await installPackedServer();
      directory = installed.directory;
      serverFiles = (
        installed.packed.find((entry) => entry.name === '@switchyard/server')
          ?.files ?? []
      ).map((file) => file.path);
    }, 300_000);

    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    /** `command ...argv` in the install's folder, with a user's bare environment. */
    function start(
      command: string,
      argv: string[],
      environment: Record<string, string> = {},
    ) {
      const child = spawn(command, argv, {
        cwd: directory,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...environment },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const result = once(child, 'close').then(([code]): CliRun => ({
        code: code as number | null,
        stdout,
        stderr,
      }));
      return { child, result, stdout: () => stdout };
    }

    const switchyard = (argv: string[], environment?: Record<string, string>) =>
      start(join(directory, 'node_modules/.bin/switchyard'), argv, environment)
        .result;

    it('should ship the bin shim and the build, not the sources or tests', () => {
      expect(serverFiles).toContain('bin/switchyard.js');
      expect(serverFiles).toContain('dist/main.js');
      expect(
        serverFiles.filter(
          (file) =>
            !/^(bin\/switchyard\.js|dist\/.+|package\.json)$/.test(file),
        ),
      ).toEqual([]);
    });

    it('should print the help through the installed bin and through npx, exit 0', async () => {
      const help = await switchyard(['--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(
        /^ {2}init +write a commented starter config/m,
      );
      const npx = await start('npx', [
        '--offline',
        '@switchyard/server',
        '--version',
      ]).result;
      expect(npx).toMatchObject({ code: 0, stdout: '0.0.0\n' });
    });

    it('should refuse a typo with exit 2, starting nothing', async () => {
      const run = await switchyard(['key', 'create'], { PORT: 'not-a-port' });
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toContain('Did you mean "keys"?');
    });

    it('should write a config with init that config check accepts', async () => {
      const keys = { ANTHROPIC_API_KEY: 'sk-ant-fake', HF_TOKEN: 'hf_fake' };
      const init = await switchyard(['init'], keys);
      expect(init).toMatchObject({ code: 0, stderr: '' });
      const text = await readFile(join(directory, 'switchyard.yaml'), 'utf8');
      expect(text).toContain('apiKey: "${ANTHROPIC_API_KEY}"');
      expect(text).not.toContain('sk-ant-fake');

      const check = await switchyard(
        ['config', 'check', 'switchyard.yaml'],
        keys,
      );
      expect(check).toMatchObject({ code: 0, stderr: '' });
      expect(check.stdout).toMatch(
        /^ {2}anthropic +use anthropic \(@switchyard\/providers-anthropic\) +key set$/m,
      );
      expect(check.stdout).toMatch(/^ {2}huggingface +use huggingface /m);
      expect(check.stdout).toMatch(
        /^ {2}text +type text +strategy ordered +targets anthropic:\S+, huggingface:\S+, local:echo$/m,
      );
    });

    it('should create a key, top it up and list its credits, in the store of a config init wrote', async () => {
      const init = await switchyard(['init', 'keys/switchyard.yaml']);
      expect(init).toMatchObject({ code: 0, stderr: '' });
      const environment = { SWITCHYARD_CONFIG: 'keys/switchyard.yaml' };
      const keys = (argv: string[]) =>
        switchyard(['keys', ...argv], environment);

      const created = await keys([
        'create',
        '--name',
        'packed',
        '--credits',
        '1000',
      ]);
      expect(created).toMatchObject({ code: 0, stderr: '' });
      expect(created.stdout).toMatch(
        /key \(shown once, store it now\): sy_\S+/,
      );
      const id = /created (key_\S+)/.exec(created.stdout)?.[1] ?? '';
      expect(id).not.toBe('');

      const topUp = await keys(['top-up', id, '--credits', '2500']);
      expect(topUp).toEqual({
        code: 0,
        stdout: `added 2500 micro-credits to ${id}: balance 3500, reserved 0, available 3500\n`,
        stderr: '',
      });
      const list = await keys(['list', '--json']);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(list.stdout)).toEqual({
        keys: [
          expect.objectContaining({
            id,
            name: 'packed',
            balance: { balance: 3500, reserved: 0, available: 3500 },
          }),
        ],
      });
      // init's store: a SQLite file beside the config.
      await access(join(directory, 'keys/data/switchyard.db'));
    });

    it('should start the gateway (offline defaults) and stop on SIGTERM', async () => {
      const server = start(
        join(directory, 'node_modules/.bin/switchyard'),
        [],
        {
          PORT: '0',
        },
      );
      await new Promise<void>((resolve, reject) => {
        const onData = () => {
          if (!server.stdout().includes('Switchyard listening on')) return;
          server.child.stdout.off('data', onData);
          resolve();
        };
        server.child.stdout.on('data', onData);
        void server.result.then((run) =>
          reject(new Error(`exited first: ${run.stderr}${run.stdout}`)),
        );
      });
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(
        server.stdout(),
      )?.[1];
      const health = await fetch(`${url ?? ''}/healthz`);
      expect(health.status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.result).toMatchObject({ code: 0 });
    });
  },
);
