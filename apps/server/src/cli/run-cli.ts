import type { Environment } from '../config/substitute-environment';
import { closest } from './closest';
import {
  asksForHelp,
  EXIT,
  HELP_FLAGS,
  type Command,
  type CommandContext,
  type CommandResult,
} from './command';
import { COMMANDS, START_COMMAND } from './commands';
import { topLevelHelp } from './help';
import type { CommandOutput } from './keys';
import { START_OPTIONS } from './usage';
import { serverVersion } from './version';

const VERSION_FLAGS = ['--version', '-v'];

/**
 * Runs `switchyard ARGV`: a command from {@link COMMANDS}, `start` when
 * ARGV is empty or begins with an option, `help`/`--help`/`-h`, or
 * `--version`. An unknown command is refused with the nearest one
 * ("did you mean keys?") and exit code 2: nothing starts by accident.
 */
export async function runCli(options: {
  argv: string[];
  environment: Environment;
  cwd: string;
  output: CommandOutput;
  isTerminal: boolean;
}): Promise<CommandResult> {
  const [first, ...rest] = options.argv;
  const context = (argv: string[]): CommandContext => ({ ...options, argv });
  const { output } = options;
  if (first !== undefined && VERSION_FLAGS.includes(first)) {
    output.out(serverVersion());
    return EXIT.ok;
  }
  if (first === 'help' || (first !== undefined && HELP_FLAGS.includes(first))) {
    return help(rest[0], context);
  }
  if (first === undefined || first.startsWith('-')) {
    const typo = topLevelFlagTypo(first);
    if (typo !== undefined) {
      output.error(typo);
      return EXIT.usage;
    }
    return runCommand(START_COMMAND, context(options.argv));
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (command === undefined) {
    output.error(unknownCommand(first));
    return EXIT.usage;
  }
  return runCommand(command, context(rest));
}

async function runCommand(
  command: Command,
  context: CommandContext,
): Promise<CommandResult> {
  if (command.usage !== undefined && asksForHelp(context.argv)) {
    context.output.out(command.usage);
    return EXIT.ok;
  }
  const run = await command.load();
  return run(context);
}

/** `switchyard help [COMMAND]`. */
function help(
  name: string | undefined,
  context: (argv: string[]) => CommandContext,
): Promise<CommandResult> {
  const { output } = context([]);
  if (name === undefined) {
    output.out(topLevelHelp({ commands: COMMANDS, version: serverVersion() }));
    return Promise.resolve(EXIT.ok);
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    output.error(unknownCommand(name));
    return Promise.resolve(EXIT.usage);
  }
  return runCommand(command, context(['--help']));
}

function unknownCommand(name: string): string {
  const names = [...COMMANDS.map((command) => command.name), 'help'];
  const nearest = closest(name, names);
  return (
    `switchyard: unknown command "${name}".` +
    (nearest === undefined
      ? ` The commands are ${names.join(', ')}.`
      : ` Did you mean "${nearest}"?`) +
    '\nRun "switchyard --help" to see them all.'
  );
}

/**
 * A first argument that looks like a misspelt `--help` or `--version`
 * (`--verison`), which `start` would otherwise refuse as one of its own.
 */
function topLevelFlagTypo(first: string | undefined): string | undefined {
  if (first === undefined || !first.startsWith('--')) return undefined;
  const name = first.slice(2).split('=')[0] ?? '';
  if (name in START_OPTIONS) return undefined;
  const nearest = closest(name, ['help', 'version']);
  return nearest === undefined
    ? undefined
    : `switchyard: unknown option "${first}". Did you mean "--${nearest}"?`;
}
