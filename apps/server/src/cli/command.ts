import type { Environment } from '../config/substitute-environment';
import type { CommandOutput } from './keys';

/** What a command runs with: the process's environment, folder and output. */
export interface CommandContext {
  argv: string[];
  environment: Environment;
  cwd: string;
  output: CommandOutput;
  /** True when standard output is a terminal. */
  isTerminal: boolean;
}

/**
 * A command's outcome: its exit code, or `running` for a command that keeps
 * the process alive (the server) and exits on its own.
 */
export type CommandResult = number | 'running';

/** One `switchyard` command. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /**
   * What `switchyard <name> --help` prints. Undefined when the command
   * answers `--help` itself (it is handed the arguments as they are).
   */
  usage?: string;
  /**
   * The command's code, loaded only when it runs: help, `--version` and
   * typos answer without loading the server.
   */
  load(): Promise<(context: CommandContext) => Promise<CommandResult>>;
}

/** Exit codes: done, failed, and wrong usage (nothing was done). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The arguments that ask for help. */
export const HELP_FLAGS: readonly string[] = ['--help', '-h'];

/** True when `argv` asks for help before any `--`. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((argument) =>
    HELP_FLAGS.includes(argument),
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
