import type { ModelKind, ProviderDefinition } from '@switchyard/core';
import {
  loadProviderDefinition,
  resolveProviderSource,
} from '../providers/load-provider-definition';
import { DEFAULT_CONFIG, type SwitchyardConfig } from './config-schema';
import type { Environment } from './substitute-environment';

/**
 * The built-in providers, in the order the embedded default tries them. Only
 * names: what each needs (its key variable, its models) comes from its own
 * definition.
 */
export const BUILT_IN_PROVIDERS = [
  'openai',
  'anthropic',
  'gemini',
  'mistral',
  'deepseek',
  'huggingface',
  'puter',
  'fal',
  'replicate',
  'leonardo',
  'elevenlabs',
] as const;

/** The embedded default config and the providers it found keys for. */
export interface EmbeddedDefault {
  config: SwitchyardConfig;
  /** Built-in providers whose key variable is set, in route order. */
  keyed: string[];
  /** The key variable of each provider in `keyed` (`openai` → `OPENAI_API_KEY`). */
  keyVariables: Record<string, string>;
}

/**
 * The config the server runs without `SWITCHYARD_CONFIG`: every built-in
 * provider whose conventional key variable is set (`OPENAI_API_KEY`, …),
 * each with its first listed model of a kind, tried in
 * {@link BUILT_IN_PROVIDERS} order, then the offline `local` provider. With no
 * keys at all, only `local`.
 */
export async function embeddedDefaultConfig(options: {
  environment: Environment;
  directory: string;
}): Promise<EmbeddedDefault> {
  const definitions = await Promise.all(
    BUILT_IN_PROVIDERS.map((name) =>
      loadProviderDefinition({
        source: resolveProviderSource({
          use: name,
          directory: options.directory,
        }),
        directory: options.directory,
      }).catch(() => undefined),
    ),
  );
  const keyed = definitions.filter(
    (definition): definition is ProviderDefinition =>
      definition !== undefined && hasKey(definition, options.environment),
  );
  if (keyed.length === 0) {
    return { config: DEFAULT_CONFIG, keyed: [], keyVariables: {} };
  }
  const targetsOf = (kind: ModelKind) =>
    keyed.flatMap((definition) => {
      const model = definition.models.find((info) => info.kind === kind);
      return model === undefined ? [] : [`${definition.name}:${model.id}`];
    });
  return {
    keyed: keyed.map((definition) => definition.name),
    keyVariables: Object.fromEntries(
      keyed.map((definition) => [
        definition.name,
        definition.environmentVariables?.apiKey ?? '',
      ]),
    ),
    config: {
      providers: {
        ...Object.fromEntries(keyed.map((definition) => [definition.name, {}])),
        ...DEFAULT_CONFIG.providers,
      },
      routes: {
        image: { targets: [...targetsOf('image'), 'local:procedural'] },
        text: { targets: [...targetsOf('text'), 'local:echo'] },
        speech: { targets: [...targetsOf('speech'), 'local:speech'] },
        music: { targets: [...targetsOf('music'), 'local:music'] },
        video: { targets: [...targetsOf('video'), 'local:video'] },
        // Trainers need per-account settings (a destination, a dataset
        // plan): only the offline one is routed by default.
        training: { targets: ['local:style'] },
      },
    },
  };
}

function hasKey(
  definition: ProviderDefinition,
  environment: Environment,
): boolean {
  const variable = definition.environmentVariables?.apiKey;
  const value = variable === undefined ? undefined : environment[variable];
  return value !== undefined && value.trim() !== '';
}
