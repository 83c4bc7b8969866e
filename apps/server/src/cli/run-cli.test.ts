import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-run-cli-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function cli(argv: string[], environment: Record<string, string> = {}) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await runCli({
    argv,
    environment,
    cwd: directory,
    isTerminal: false,
    output: {
      out: (line) => out.push(line),
      error: (line) => error.push(line),
    },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

describe('runCli', () => {
  it.each([
    [['start', '--help'], /^usage: switchyard \[start\]/],
    [['--port', '0', '--help'], /^usage: switchyard \[start\]/],
    [['init', '-h'], /^usage: switchyard init/],
    [['help', 'init'], /^usage: switchyard init/],
    [['config', 'check', '--help'], /^usage: switchyard config check/],
    [['explain', '--help'], /^usage:\n {2}switchyard explain/],
    [['help'], /^switchyard \S+: the Switchyard AI generation gateway/],
  ])('should print the usage for %j and exit 0', async (argv, usage) => {
    const run = await cli(argv);
    expect(run).toMatchObject({ code: 0, error: '' });
    expect(run.out).toMatch(usage);
  });

  it('should print the package version on --version', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(await cli(['--version'])).toEqual({
      code: 0,
      out: manifest.version,
      error: '',
    });
  });

  it.each([
    [['strat'], 'unknown command "strat". Did you mean "start"?'],
    [['help', 'kesy'], 'unknown command "kesy". Did you mean "keys"?'],
    [['deploy'], 'The commands are start, init, config, keys, explain, help.'],
    [['--verison'], 'unknown option "--verison". Did you mean "--version"?'],
    [['--prot', '1'], 'unknown option "--prot". Did you mean "--port"?'],
    [['start', 'now'], 'switchyard start takes no arguments, not "now".'],
    [['start', '--config'], "Option '--config <value>' argument missing"],
    [['config'], 'switchyard config: say what to do.'],
    [
      ['config', 'chek', 'a.yaml'],
      'unknown command "chek". Did you mean "check"?',
    ],
    [['config', 'check'], 'name the FILE (or set SWITCHYARD_CONFIG)'],
    [['init', '--froce'], 'unknown option "--froce". Did you mean "--force"?'],
    [['init', 'a.yaml', 'b.yaml'], 'switchyard init: unexpected "b.yaml".'],
  ])('should refuse %j with exit 2, doing nothing', async (argv, message) => {
    const run = await cli(argv);
    expect(run).toMatchObject({ code: 2, out: '' });
    expect(run.error).toContain(message);
  });

  it('should refuse to overwrite a file with init unless --force is given', async () => {
    const file = join(directory, 'mine.yaml');
    await writeFile(file, 'mine\n');
    const refused = await cli(['init', 'mine.yaml']);
    expect(refused.code).toBe(1);
    expect(refused.error).toContain('mine.yaml already exists');
    expect(await readFile(file, 'utf8')).toBe('mine\n');

    const forced = await cli(['init', 'mine.yaml', '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('providers:');
  });

  it('should configure only the offline provider when no key variable is set', async () => {
    const run = await cli(['init', 'offline/switchyard.yaml']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('providers local;');
    const checked = await cli(['config', 'check', 'offline/switchyard.yaml']);
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/^ {2}local +use local /m);
    expect(checked.out).toMatch(
      /^ {2}image +type image +strategy ordered +targets local:procedural$/m,
    );
  });
});
