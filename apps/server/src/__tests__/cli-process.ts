import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The `switchyard` command as installed: in the workspace it runs the source. */
export const SWITCHYARD_BIN = fileURLToPath(
  new URL('../../bin/switchyard.js', import.meta.url),
);

/** What a finished `switchyard` process printed, and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user's shell would give: PATH and HOME only (no test
 * runner flags, config or provider keys of ours), then `extra`.
 */
function cliEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...extra,
  };
}

/** What to run, where, with what. */
export interface CliOptions {
  argv: string[];
  cwd: string;
  environment?: Record<string, string>;
  /**
   * An executable to run instead of `node bin/switchyard.js` (such as the
   * repo root's `node_modules/.bin/switchyard`, pnpm's shim to it).
   */
  executable?: string;
}

/** Starts `switchyard ...argv` in `cwd`; stdout and stderr are collected. */
export function startCli(options: CliOptions): {
  child: ChildProcess;
  result: Promise<CliRun>;
  stdout: () => string;
} {
  const [command, argv] =
    options.executable === undefined
      ? [process.execPath, [SWITCHYARD_BIN, ...options.argv]]
      : [options.executable, options.argv];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env: cliEnvironment(options.environment ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const result = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  return { child, result, stdout: () => stdout };
}

/** Runs `switchyard ...argv` to its end. */
export function runCli(options: CliOptions): Promise<CliRun> {
  return startCli(options).result;
}
