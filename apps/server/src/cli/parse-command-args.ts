import { parseArgs } from 'node:util';
import { closest } from './closest';

/** The options a command takes: each a string or a boolean flag. */
type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parsed arguments: option values by name, then the positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly: an unknown option is refused with
 * the nearest known one ("did you mean --port?"), a string option needs a
 * value, and at most `maxPositionals` words may follow. Returns the parsed
 * arguments, or the problem as one line.
 */
export function parseCommandArgs(options: {
  command: string;
  argv: string[];
  options: OptionSpec;
  maxPositionals: number;
}): ParsedArgs | string {
  const known = Object.keys(options.options);
  const { tokens } = parseArgs({
    args: options.argv,
    options: options.options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option' || known.includes(token.name)) continue;
    const nearest = closest(token.name, known);
    return (
      `switchyard ${options.command}: unknown option "${token.rawName}".` +
      (nearest === undefined ? '' : ` Did you mean "--${nearest}"?`)
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: options.argv,
      options: options.options,
      allowPositionals: true,
    });
  } catch (error) {
    return `switchyard ${options.command}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (parsed.positionals.length > options.maxPositionals) {
    const extra = parsed.positionals.slice(options.maxPositionals).join(' ');
    return options.maxPositionals === 0
      ? `switchyard ${options.command} takes no arguments, not "${extra}".`
      : `switchyard ${options.command}: unexpected "${extra}".`;
  }
  return {
    values: parsed.values,
    positionals: parsed.positionals,
  };
}
