import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../__tests__/cli-process';

// The `switchyard` command as a child process: bin/switchyard.js, which in
// the workspace runs the current source.
describe('switchyard (the command)', { timeout: 60_000 }, () => {
  let directory: string;
  let held: Server;
  let heldPort: number;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
    // A port in use: a server started by mistake would fail on it at once.
    held = createServer();
    held.listen(0, '127.0.0.1');
    await once(held, 'listening');
    heldPort = (held.address() as { port: number }).port;
  });

  afterAll(async () => {
    held.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('should list every command and the environment variables on --help, and exit 0', async () => {
    const run = await runCli({ argv: ['--help'], cwd: directory });
    expect(run.code).toBe(0);
    for (const command of ['start', 'init', 'config', 'keys', 'explain']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
    for (const variable of [
      'SWITCHYARD_CONFIG',
      'PORT',
      'LOG_FORMAT',
      'OPENAI_API_KEY',
    ]) {
      expect(run.stdout).toContain(variable);
    }
  });

  it('should refuse a typo with exit 2 and a suggestion, and never start a server', async () => {
    const run = await runCli({
      argv: ['key', 'create', '--name', 'x'],
      cwd: directory,
      environment: { PORT: String(heldPort), HOST: '127.0.0.1' },
    });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/unknown command "key"\. Did you mean "keys"\?/);
  });

  it('should write a starter config with init that config check accepts, naming keys only by variable', async () => {
    const keys = { OPENAI_API_KEY: 'sk-fake-openai', FAL_KEY: 'fal-fake-key' };
    const init = await runCli({
      argv: ['init'],
      cwd: directory,
      environment: keys,
    });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    const text = await readFile(join(directory, 'switchyard.yaml'), 'utf8');
    expect(text).toContain('apiKey: "${OPENAI_API_KEY}"');
    expect(text).toContain('apiKey: "${FAL_KEY}"');
    expect(text).not.toContain('sk-fake-openai');
    expect(text).toMatch(/^# /m);

    const check = await runCli({
      argv: ['config', 'check', 'switchyard.yaml'],
      cwd: directory,
      environment: keys,
    });
    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout).toContain('switchyard.yaml is valid');
    expect(check.stdout).toMatch(/^ {2}openai +use openai .* key set$/m);
    expect(check.stdout).toMatch(/^ {2}fal +use fal /m);
    expect(check.stdout).toMatch(/^ {2}local +use local /m);
    expect(check.stdout).toMatch(
      /^ {2}image +type image +strategy ordered +targets openai:gpt-image-1, fal:fal-ai\/flux\/schnell, local:procedural$/m,
    );
    expect(check.stdout).toMatch(
      /^ {2}text +type text +strategy ordered +targets openai:gpt-4o-mini, local:echo$/m,
    );
    expect(check.stdout).not.toContain('sk-fake-openai');
  });

  it('should print a bad config as the file and one line per bad field, and exit 1', async () => {
    await writeFile(
      join(directory, 'bad.yaml'),
      'providers:\n  local: {}\nroutes:\n  image: { targets: ["nope:procedural"] }\n  fancy: { targets: ["local:procedural"] }\n',
    );
    const run = await runCli({
      argv: ['config', 'check', 'bad.yaml'],
      cwd: directory,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `Invalid Switchyard config in ${join(directory, 'bad.yaml')}:`,
      expect.stringMatching(
        /^ {2}- routes\.image\.targets\[0\]: "nope:procedural" names the unknown provider instance "nope"/,
      ),
      expect.stringMatching(
        /^ {2}- routes\.fancy\.type: route "fancy" needs a type/,
      ),
    ]);
  });

  it.each(['json', 'pretty'])(
    'should print a config error at start-up as readable lines with LOG_FORMAT=%s',
    async (format) => {
      const run = await runCli({
        argv: ['--config', 'bad.yaml'],
        cwd: directory,
        environment: { LOG_FORMAT: format, PORT: String(heldPort) },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `Invalid Switchyard config in ${join(directory, 'bad.yaml')}:\n  - routes.image.targets[0]: "nope:procedural"`,
      );
      expect(run.stderr).not.toContain('\\n');
      if (format === 'json') {
        const line = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
        expect(line).toMatchObject({
          level: 60,
          file: join(directory, 'bad.yaml'),
          issues: [
            { path: 'routes.image.targets[0]' },
            { path: 'routes.fancy.type' },
          ],
        });
      } else {
        expect(run.stdout).not.toContain('{"level"');
      }
    },
  );

  it('should log readable lines with LOG_FORMAT=pretty, and still stop gracefully on SIGTERM', async () => {
    const server = startCli({
      argv: [],
      cwd: directory,
      environment: { LOG_FORMAT: 'pretty', PORT: '0' },
    });
    await new Promise<void>((resolve, reject) => {
      const onData = () => {
        if (!server.stdout().includes('Switchyard listening on')) return;
        server.child.stdout?.off('data', onData);
        resolve();
      };
      server.child.stdout?.on('data', onData);
      void server.result.then((run) =>
        reject(new Error(`exited first: ${run.stderr}${run.stdout}`)),
      );
    });
    server.child.kill('SIGTERM');
    const run = await server.result;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(
      lines.some((line) =>
        /INFO.*Switchyard listening on http:\/\/127\.0\.0\.1:\d+/.test(line),
      ),
    ).toBe(true);
    expect(lines.some((line) => line.includes('server closed'))).toBe(true);
    for (const line of lines) expect(line.startsWith('{')).toBe(false);
  });
});
