import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { embeddedDefaultConfig } from '../config/embedded-default';
import {
  EXIT,
  messageOf,
  type CommandContext,
  type CommandResult,
} from './command';
import { parseCommandArgs } from './parse-command-args';
import { renderStarterConfig } from './starter-config';
import { DEFAULT_INIT_FILE, INIT_USAGE } from './usage';

/** `switchyard init`: writes a starter config. */
export async function runInit(context: CommandContext): Promise<CommandResult> {
  const { output } = context;
  const parsed = parseCommandArgs({
    command: 'init',
    argv: context.argv,
    options: { force: { type: 'boolean' } },
    maxPositionals: 1,
  });
  if (typeof parsed === 'string') {
    output.error(`${parsed}\n${INIT_USAGE}`);
    return EXIT.usage;
  }
  const name = parsed.positionals[0] ?? DEFAULT_INIT_FILE;
  const file = resolve(context.cwd, name);
  const embedded = await embeddedDefaultConfig({
    environment: context.environment,
    directory: dirname(file),
  });
  const text = renderStarterConfig({ embedded, file: name });
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, {
      flag: parsed.values.force === true ? 'w' : 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      output.error(
        `${name} already exists: nothing was written. Pass --force to overwrite it.`,
      );
    } else output.error(`Could not write ${name}: ${messageOf(error)}`);
    return EXIT.failed;
  }
  const keyed = embedded.keyed.map(
    (provider) => `${provider} (${embedded.keyVariables[provider]})`,
  );
  output.out(
    `Wrote ${name}: providers ${[...keyed, 'local'].join(', ')}; routes ${Object.keys(embedded.config.routes).join(', ')}.`,
  );
  if (keyed.length === 0) {
    output.out(
      'No provider key variable was set (OPENAI_API_KEY, FAL_KEY, …): only the offline local provider is configured.',
    );
  }
  output.out(`Next: switchyard config check ${name}`);
  output.out(`      switchyard start --config ${name}`);
  return EXIT.ok;
}
