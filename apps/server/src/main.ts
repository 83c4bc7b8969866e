#!/usr/bin/env node
/**
 * The `switchyard` command (`bin/switchyard.js` runs this build; `pnpm
 * start` runs `node dist/main.js`). With no command, or only options, it
 * starts the gateway; `switchyard --help` lists the commands and the
 * environment variables they read. Each command lives in `cli/` and is
 * listed in `cli/commands.ts`.
 * @module
 */
import { messageOf } from './cli/command';
import type { CommandOutput } from './cli/keys';
import { runCli } from './cli/run-cli';

const output: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

async function main(): Promise<void> {
  const result = await runCli({
    argv: process.argv.slice(2),
    environment: process.env,
    cwd: process.cwd(),
    output,
    isTerminal: process.stdout.isTTY === true,
  }).catch((error: unknown) => {
    output.error(messageOf(error));
    return 1;
  });
  // The server keeps the process alive and exits on a signal.
  if (result !== 'running') process.exit(result);
}

void main();
