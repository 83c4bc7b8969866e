import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, formatConfigPath } from './config-error';
import { switchyardConfigSchema, type SwitchyardConfig } from './config-schema';
import { embeddedDefaultConfig } from './embedded-default';
import {
  substituteEnvironment,
  type Environment,
} from './substitute-environment';

/** The environment variable that names the config file. */
export const CONFIG_ENVIRONMENT_VARIABLE = 'SWITCHYARD_CONFIG';

/** A validated config and where it came from. */
export interface LoadedConfig {
  config: SwitchyardConfig;
  /** Absolute path of the config file; undefined for the embedded defaults. */
  file: string | undefined;
  /** Folder that relative paths in the config (provider `use:` files) resolve against. */
  directory: string;
  /** True when no config file was given and the embedded defaults apply. */
  isDefault: boolean;
  /** With the embedded defaults: the built-in providers found keys for, in route order. */
  keyedProviders?: string[];
  /**
   * The variables the config was read with; providers' conventional variables
   * (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …) are looked up here too.
   */
  environment: Environment;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The config file; default: the `SWITCHYARD_CONFIG` environment variable. */
  file?: string;
  /** Variables for `${NAME}` references; default `process.env`. */
  environment?: Environment;
  /** Folder a relative `file` resolves against; default `process.cwd()`. */
  cwd?: string;
}

/**
 * Loads the config file named by `options.file` or `SWITCHYARD_CONFIG` (JSON
 * or YAML), substitutes `${ENV}` references and validates it. Without a file
 * it returns the embedded defaults: every built-in provider whose key
 * variable is set, then the offline `local` provider, for both `image` and
 * `text` (see {@link embeddedDefaultConfig}). Throws a {@link ConfigError}
 * naming the file and field.
 *
 * @example
 * const { config, file } = await loadConfig(); // reads SWITCHYARD_CONFIG
 */
export async function loadConfig(
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const environment = options.environment ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const given = options.file ?? environment[CONFIG_ENVIRONMENT_VARIABLE];
  if (given === undefined || given.trim() === '') {
    const embedded = await embeddedDefaultConfig({
      environment,
      directory: cwd,
    });
    return {
      config: embedded.config,
      file: undefined,
      directory: cwd,
      isDefault: true,
      keyedProviders: embedded.keyed,
      environment,
    };
  }
  const file = resolve(cwd, given);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError({
      file,
      issues: [{ path: '', message: `cannot read the file (${reason}).` }],
      cause: error,
    });
  }
  return parseConfig({ text, file, environment });
}

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** The file's contents, JSON or YAML. */
  text: string;
  /** The file's path: names it in errors; `.json` selects the JSON parser. */
  file: string;
  /** Variables for `${NAME}` references; default `process.env`. */
  environment?: Environment;
}

/**
 * Parses and validates a config file's text (see {@link loadConfig}).
 * Throws a {@link ConfigError} naming the file and field.
 */
export function parseConfig(options: ParseConfigOptions): LoadedConfig {
  const file = resolve(options.file);
  const raw = parseText({ text: options.text, file });
  const environment = options.environment ?? process.env;
  const substituted = substituteEnvironment(raw, environment);
  if (substituted.issues.length > 0) {
    throw new ConfigError({ file, issues: substituted.issues });
  }
  const parsed = switchyardConfigSchema.safeParse(substituted.value);
  if (!parsed.success) {
    throw new ConfigError({
      file,
      issues: parsed.error.issues.map((issue) => ({
        path: formatConfigPath(issue.path),
        message: issue.message,
      })),
    });
  }
  return {
    config: parsed.data,
    file,
    directory: dirname(file),
    isDefault: false,
    environment,
  };
}

function parseText(options: { text: string; file: string }): unknown {
  const { text, file } = options;
  const isJson = extname(file).toLowerCase() === '.json';
  let value: unknown;
  try {
    value = isJson ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError({
      file,
      issues: [{ path: '', message: syntaxMessage({ error, isJson }) }],
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError({
      file,
      issues: [
        {
          path: '',
          message: `the file must hold a ${isJson ? 'JSON object' : 'YAML mapping'} with "providers" and "routes".`,
        },
      ],
    });
  }
  return value;
}

function syntaxMessage(options: { error: unknown; isJson: boolean }): string {
  const { error, isJson } = options;
  if (error instanceof YAMLParseError) {
    const position = error.linePos?.[0];
    const where = position
      ? ` at line ${position.line}, column ${position.col}`
      : '';
    const summary = (error.message.split('\n')[0] ?? '').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    return `YAML syntax error${where}: ${summary}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${isJson ? 'JSON' : 'YAML'} syntax error: ${message}`;
}
