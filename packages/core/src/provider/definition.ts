import type { z } from 'zod';
import type { CostMetadata, ModelInfo, Provider } from './contract';

/** Context the host passes when it creates a provider instance. */
export interface ProviderCreateContext {
  /** The instance's name in the config (`openai`, `flaky`, …). */
  instanceName: string;
  /** Custom fetch for tests or proxies. */
  fetch?: typeof globalThis.fetch;
}

/** Names of the environment variables a provider reads by convention. */
export interface ProviderEnvironmentVariables {
  /** Holds the API key, such as `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Overrides the API's base URL, such as `OPENAI_BASE_URL`. */
  baseURL?: string;
}

/** What a provider can serve, as `providers.list` reports it. */
export const providerFeatures = [
  'image',
  'text',
  'text-stream',
  'speech',
  'music',
  'video',
  'training',
  'image-edit',
] as const;
/** One of {@link providerFeatures}. */
export type ProviderFeature = (typeof providerFeatures)[number];

/**
 * How a provider package plugs into a host: a name, a description and a
 * settings schema, and `create` to make an instance from validated settings.
 * Each provider package exports one as `switchyardProvider`; the server loads
 * it by the config's `use:` name without knowing the provider.
 */
export interface ProviderDefinition<TSettings = unknown> {
  /** Built-in name (`openai`) or the package name for outside providers. */
  readonly name: string;
  readonly description: string;
  readonly features: ReadonlyArray<ProviderFeature>;
  /** Indicative price of the provider's default unit, in micro-credits. */
  readonly costPerUnit: CostMetadata;
  /** True when the provider's API is task-based (submit, then poll). */
  readonly isAsync: boolean;
  /**
   * The provider's conventional environment variables (`{ apiKey:
   * 'OPENAI_API_KEY', baseURL: 'OPENAI_BASE_URL' }`). A host fills the
   * `apiKey` and `baseURL` settings from them when the config leaves those out.
   */
  readonly environmentVariables?: ProviderEnvironmentVariables;
  /** Validates the instance's settings from the config. */
  readonly settingsSchema: z.ZodType<TSettings>;
  create(settings: TSettings, context: ProviderCreateContext): Provider;
  /** Known models with capabilities and cost. */
  readonly models: ReadonlyArray<ModelInfo>;
}

/** Type helper for provider packages: `defineProvider({ ... })`. */
export function defineProvider<TSettings>(
  definition: ProviderDefinition<TSettings>,
): ProviderDefinition<TSettings> {
  return definition;
}

/** True when a loaded module export looks like a ProviderDefinition. */
export function isProviderDefinition(
  value: unknown,
): value is ProviderDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.create === 'function' &&
    typeof candidate.settingsSchema === 'object' &&
    Array.isArray(candidate.models)
  );
}
