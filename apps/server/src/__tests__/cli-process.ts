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

/** Starts `switchyard ...argv` in `cwd`; stdout and stderr are collected. */
export function startCli(options: {
  argv: string[];
  cwd: string;
  environment?: Record<string, string>;
}): { child: ChildProcess; result: Promise<CliRun>; stdout: () => string } {
  const child = spawn(process.execPath, [SWITCHYARD_BIN, ...options.argv], {
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
export function runCli(options: {
  argv: string[];
  cwd: string;
  environment?: Record<string, string>;
}): Promise<CliRun> {
  return startCli(options).result;
}
