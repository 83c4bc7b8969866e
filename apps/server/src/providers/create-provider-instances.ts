import type { Provider, ProviderDefinition } from '@switchyard/core';
import { ConfigError, formatConfigPath } from '../config/config-error';
import type { Environment } from '../config/substitute-environment';
import type { LoadedConfig } from '../config/load-config';
import {
  describeProviderSource,
  loadProviderDefinition,
  resolveProviderSource,
  type ProviderSource,
} from './load-provider-definition';
import { validateSettings } from './validate-settings';

/** Keys of a provider instance that belong to the host, not to the provider. */
const HOST_KEYS = new Set([
  'use',
  'timeoutMs',
  'quota',
  'prices',
  'models',
  'tiers',
]);

/** Setting names that hold credentials; their values are never shown or logged. */
const SECRET_KEY = /(api[-_]?key|token|secret|password|credential)/i;

/** One configured provider instance, ready to hand out models. */
export interface ProviderInstance {
  /** The instance's name in the config (`openai`, `flaky`, …). */
  name: string;
  /** What `use:` said (default: the instance's name). */
  use: string;
  source: ProviderSource;
  definition: ProviderDefinition;
  provider: Provider;
  /** Per-call timeout for this instance, when the config sets one. */
  timeoutMs?: number;
  /**
   * False when the provider's settings have an `apiKey` field and none was
   * configured (the provider may still find its key in its environment variable).
   */
  hasCredentials: boolean;
  /** Credential values from the settings, to scrub from errors and logs. */
  secrets: string[];
  /** The models callers may use on this instance (config `models`); undefined allows any. */
  models?: readonly string[];
}

/**
 * Loads each instance's provider by `use` (see {@link resolveProviderSource}),
 * validates its settings with the provider's schema and creates it. Loading is
 * by name only: the server has no code for any particular provider. Throws a
 * {@link ConfigError} naming the file, the instance and what was tried.
 */
export async function createProviderInstances(
  loaded: LoadedConfig,
): Promise<Map<string, ProviderInstance>> {
  const instances = new Map<string, ProviderInstance>();
  const definitions = new Map<string, Promise<ProviderDefinition>>();
  for (const [name, entry] of Object.entries(loaded.config.providers)) {
    const use = entry.use ?? name;
    const source = resolveProviderSource({
      use,
      directory: loaded.directory,
    });
    const key = JSON.stringify(source);
    let definition = definitions.get(key);
    if (definition === undefined) {
      definition = loadProviderDefinition({
        source,
        directory: loaded.directory,
      });
      definitions.set(key, definition);
    }
    instances.set(
      name,
      await createInstance({
        loaded,
        name,
        use,
        source,
        entry,
        definition: await definition.catch((error: unknown) => {
          throw new ConfigError({
            file: loaded.file,
            issues: [
              {
                path: formatConfigPath(['providers', name, 'use']),
                message: `cannot load provider "${use}" for instance "${name}" (tried ${describeProviderSource(source)}): ${messageOf(error)}`,
              },
            ],
            cause: error,
          });
        }),
      }),
    );
  }
  return instances;
}

async function createInstance(options: {
  loaded: LoadedConfig;
  name: string;
  use: string;
  source: ProviderSource;
  entry: Record<string, unknown>;
  definition: ProviderDefinition;
}): Promise<ProviderInstance> {
  const { loaded, name, entry, definition } = options;
  const settings = withConventionalVariables({
    settings: Object.fromEntries(
      Object.entries(entry).filter(([key]) => !HOST_KEYS.has(key)),
    ),
    definition,
    environment: loaded.environment,
  });
  const validated = await validateSettings(definition.settingsSchema, settings);
  if (!validated.success) {
    throw new ConfigError({
      file: loaded.file,
      issues: validated.issues.map((issue) => ({
        path: formatConfigPath(['providers', name, ...issue.path]),
        message: issue.message,
      })),
    });
  }
  let provider: Provider;
  try {
    provider = definition.create(validated.value, { instanceName: name });
  } catch (error) {
    throw new ConfigError({
      file: loaded.file,
      issues: [
        {
          path: formatConfigPath(['providers', name]),
          message: `provider "${definition.name}" refused its settings: ${messageOf(error)}`,
        },
      ],
      cause: error,
    });
  }
  const timeoutMs = entry.timeoutMs;
  return {
    name,
    use: options.use,
    source: options.source,
    definition,
    provider,
    timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : undefined,
    hasCredentials:
      !schemaHasKey(definition.settingsSchema, 'apiKey') ||
      isFilled(settings.apiKey),
    secrets: collectSecrets(settings),
    // The config schema checked `models` (a list of model ids).
    models: Array.isArray(entry.models)
      ? (entry.models as string[])
      : undefined,
  };
}

/**
 * Fills `apiKey` and `baseURL` from the provider's conventional variables
 * (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …) when the config leaves them out and
 * the provider's settings have such a field. The config always wins.
 */
function withConventionalVariables(options: {
  settings: Record<string, unknown>;
  definition: ProviderDefinition;
  environment: Environment;
}): Record<string, unknown> {
  const { settings, definition, environment } = options;
  const filled = { ...settings };
  const names = definition.environmentVariables ?? {};
  for (const key of ['apiKey', 'baseURL'] as const) {
    const variable = names[key];
    if (variable === undefined || settings[key] !== undefined) continue;
    if (!schemaHasKey(definition.settingsSchema, key)) continue;
    const value = environment[variable];
    if (value !== undefined && value.trim() !== '') filled[key] = value;
  }
  return filled;
}

function collectSecrets(value: unknown, found: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && typeof item === 'string' && item.length >= 4) {
      found.push(item);
    } else collectSecrets(item, found);
  }
  return found;
}

function schemaHasKey(schema: unknown, key: string): boolean {
  const shape = (schema as { shape?: unknown } | null)?.shape;
  return typeof shape === 'object' && shape !== null && key in shape;
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
