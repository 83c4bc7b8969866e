import type { Route } from '@switchyard/core';
import { ConfigError } from '../config/config-error';
import { CONFIG_ENVIRONMENT_VARIABLE, loadConfig } from '../config/load-config';
import type { Environment } from '../config/substitute-environment';
import { createModelResolver } from '../gateway/model-resolver';
import { createRoutes } from '../gateway/routes';
import {
  createProviderInstances,
  type ProviderInstance,
} from '../providers/create-provider-instances';
import { closest } from './closest';
import { EXIT, type CommandContext, type CommandResult } from './command';
import { parseCommandArgs } from './parse-command-args';
import { CONFIG_USAGE } from './usage';

const SUBCOMMANDS = ['check'];

/** `switchyard config check`: validates a config file. */
export async function runConfig(
  context: CommandContext,
): Promise<CommandResult> {
  const { output } = context;
  const [subcommand, ...rest] = context.argv;
  if (subcommand !== 'check') {
    const nearest =
      subcommand === undefined ? undefined : closest(subcommand, SUBCOMMANDS);
    output.error(
      (subcommand === undefined
        ? 'switchyard config: say what to do.'
        : `switchyard config: unknown command "${subcommand}".`) +
        (nearest === undefined ? '' : ` Did you mean "${nearest}"?`) +
        `\n${CONFIG_USAGE}`,
    );
    return EXIT.usage;
  }
  const parsed = parseCommandArgs({
    command: 'config check',
    argv: rest,
    options: {},
    maxPositionals: 1,
  });
  if (typeof parsed === 'string') {
    output.error(`${parsed}\n${CONFIG_USAGE}`);
    return EXIT.usage;
  }
  const file =
    parsed.positionals[0] ?? context.environment[CONFIG_ENVIRONMENT_VARIABLE];
  if (file === undefined || file.trim() === '') {
    output.error(
      `switchyard config check: name the FILE (or set SWITCHYARD_CONFIG).\n${CONFIG_USAGE}`,
    );
    return EXIT.usage;
  }
  try {
    const lines = await checkConfigFile({
      file,
      environment: context.environment,
      cwd: context.cwd,
    });
    for (const line of lines) output.out(line);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.error(error.message);
    return EXIT.failed;
  }
}

/**
 * Loads and checks a config file as start-up does (fields, variables, provider
 * settings, route targets) without opening its store or calling anything.
 * Resolves with readable lines describing what it resolved to; throws a
 * {@link ConfigError} naming the file and each bad field.
 */
export async function checkConfigFile(options: {
  file: string;
  environment: Environment;
  cwd: string;
}): Promise<string[]> {
  const loaded = await loadConfig(options);
  const instances = await createProviderInstances(loaded);
  const routes = createRoutes({
    config: loaded,
    resolveModel: createModelResolver(instances),
  });
  return [
    `${loaded.file ?? options.file} is valid.`,
    `providers (${instances.size}):`,
    ...table([...instances.values()].map(describeInstance)),
    `routes (${routes.size}):`,
    ...table([...routes.values()].map(describeRoute)),
  ];
}

function describeInstance(instance: ProviderInstance): string[] {
  const variable = instance.definition.environmentVariables?.apiKey;
  const key =
    variable === undefined
      ? ''
      : instance.hasCredentials
        ? 'key set'
        : `no key yet (set ${variable} or apiKey)`;
  const source =
    instance.source.kind === 'package'
      ? instance.source.name
      : instance.source.path;
  return [instance.name, `use ${instance.use} (${source})`, key];
}

function describeRoute(route: Route): string[] {
  const targets = route.targets
    .map((target) => `${target.instance}:${target.model}`)
    .join(', ');
  return [
    route.name,
    `type ${route.kind}`,
    `strategy ${route.strategy}`,
    `targets ${targets}`,
  ];
}

/** Rows as aligned, indented lines. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    `  ${row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ')}`.trimEnd(),
  );
}
