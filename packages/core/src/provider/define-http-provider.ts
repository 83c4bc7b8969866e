import type { z } from 'zod';
import {
  buildHttpProvider,
  listedModels,
  type HttpModelKinds,
  type HttpProvider,
} from './build-http-provider';
import type { CostMetadata, ImageModel, TextModel } from './contract';
import {
  defineProvider,
  type ProviderDefinition,
  type ProviderEnvironmentVariables,
} from './definition';
import type { HttpProbe } from './http-probe';
import {
  createModelHttpConfig,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type ModelHttpConfig,
} from './provider-settings';

/** The config keys every HTTP provider's settings schema validates. */
export type HttpConfigSettings = z.output<typeof httpProviderSettingsSchema>;

/** The factory settings of an HTTP provider: its schema's keys plus `fetch` and `name`. */
export type HttpSettingsOf<TConfigSettings extends HttpConfigSettings> =
  TConfigSettings & HttpProviderSettings;

/** What {@link defineHttpProvider} takes: a provider's data and its model factories. */
export interface HttpProviderSpec<
  TConfigSettings extends HttpConfigSettings,
  TConfig extends ModelHttpConfig,
  TText,
  TImage,
> extends HttpModelKinds<
  TConfig,
  HttpSettingsOf<TConfigSettings>,
  TText,
  TImage
> {
  /** Built-in name (`openai`): `Provider.name`, the default instance name, the User-Agent's `providers-<name>`. */
  name: string;
  description: string;
  /** The package's version, sent in the User-Agent. */
  version: string;
  features: ProviderDefinition['features'];
  /** Indicative price of the provider's default unit, in micro-credits. */
  costPerUnit: CostMetadata;
  /** True for a task-based API (submit, then poll). Default false. */
  isAsync?: boolean;
  /** The key and base-URL variables, such as `OPENAI_API_KEY` and `OPENAI_BASE_URL`. */
  environmentVariables: Required<ProviderEnvironmentVariables>;
  /** The public endpoint, used when neither the setting nor the variable is set. */
  defaultBaseURL: string;
  /** How the key is sent, with the settings for other auth headers. Default `authorization: Bearer <key>`. */
  toHeaders?: (
    apiKey: string,
    settings: HttpSettingsOf<TConfigSettings>,
  ) => Record<string, string | undefined>;
  /** The instance's config keys. Default: core's `httpProviderSettingsSchema` (`apiKey`, `baseURL`, `headers`). */
  settingsSchema?: z.ZodType<TConfigSettings>;
  /** Adds the provider's own fields (poll interval, a second host) to the config every model gets. */
  modelConfig?: (
    config: ModelHttpConfig,
    settings: HttpSettingsOf<TConfigSettings>,
  ) => TConfig;
  /**
   * The health probe: the cheapest request that needs the key (`{ path:
   * '/models' }`), sent with the instance's base URL and auth headers.
   * Without one the instance's health comes from its calls only.
   */
  probe?: HttpProbe<TConfig>;
}

/** What {@link defineHttpProvider} returns: the typed factory and the host's definition. */
export interface DefinedHttpProvider<
  TSettings,
  TConfigSettings,
  TText extends TextModel,
  TImage extends ImageModel,
> {
  /** The `createX(settings)` factory; it never throws for a missing key. */
  readonly createProvider: (
    settings?: TSettings,
  ) => HttpProvider<TText, TImage>;
  /** The package's `switchyardProvider`; its `create` names the instance and passes the host's fetch. */
  readonly switchyardProvider: ProviderDefinition<TConfigSettings>;
}

/**
 * Defines a provider over an HTTP API from its data (name, variables, default
 * URL, listed models and prices) and one factory per model kind. Both the
 * typed `createX` factory and the `switchyardProvider` definition come from
 * it, so a provider file holds only what is its own.
 *
 * @example
 * const acme = defineHttpProvider({
 *   name: 'acme', description: 'Acme images.', version: VERSION,
 *   features: ['image'], costPerUnit: { perImage: 20_000 },
 *   environmentVariables: { apiKey: 'ACME_API_KEY', baseURL: 'ACME_BASE_URL' },
 *   defaultBaseURL: 'https://api.acme.example/v1',
 *   image: {
 *     capabilities: ACME_IMAGE_CAPABILITIES,
 *     models: { 'acme-1': { cost: { perImage: 20_000 } } },
 *     create: (modelId, { config, cost }) => new AcmeImageModel(modelId, { ...config, cost }),
 *   },
 * });
 * export const createAcme: (settings?: AcmeProviderSettings) => AcmeProvider = acme.createProvider;
 * export const switchyardProvider = acme.switchyardProvider;
 */
export function defineHttpProvider<
  TConfigSettings extends HttpConfigSettings = HttpConfigSettings,
  TConfig extends ModelHttpConfig = ModelHttpConfig,
  TText extends TextModel = never,
  TImage extends ImageModel = never,
>(
  spec: HttpProviderSpec<TConfigSettings, TConfig, TText, TImage>,
): DefinedHttpProvider<
  HttpSettingsOf<TConfigSettings>,
  TConfigSettings,
  TText,
  TImage
> {
  const models = listedModels(spec);
  // Every key of a provider's settings is optional, so none is a valid default.
  const createProvider = (
    settings: HttpSettingsOf<TConfigSettings> = {} as HttpSettingsOf<TConfigSettings>,
  ) =>
    buildHttpProvider({
      ...spec,
      config: modelConfigOf(spec, settings),
      settings,
      models,
    });
  return {
    createProvider,
    switchyardProvider: defineProvider({
      name: spec.name,
      description: spec.description,
      features: spec.features,
      costPerUnit: spec.costPerUnit,
      isAsync: spec.isAsync ?? false,
      environmentVariables: spec.environmentVariables,
      settingsSchema: (spec.settingsSchema ??
        httpProviderSettingsSchema) as z.ZodType<TConfigSettings>,
      models,
      create: (settings, context) =>
        createProvider({
          ...settings,
          name: context.instanceName,
          fetch: context.fetch,
        }),
    }),
  };
}

/** The config every model of an instance gets: core's, plus what the spec adds. */
function modelConfigOf<
  TSettings extends HttpProviderSettings,
  TConfig extends ModelHttpConfig,
>(
  spec: {
    name: string;
    version: string;
    environmentVariables: Required<ProviderEnvironmentVariables>;
    defaultBaseURL: string;
    toHeaders?: (
      apiKey: string,
      settings: TSettings,
    ) => Record<string, string | undefined>;
    modelConfig?: (config: ModelHttpConfig, settings: TSettings) => TConfig;
  },
  settings: TSettings,
): TConfig {
  const { toHeaders } = spec;
  const config = createModelHttpConfig({
    settings,
    providerName: spec.name,
    version: spec.version,
    apiKeyVariable: spec.environmentVariables.apiKey,
    baseURLVariable: spec.environmentVariables.baseURL,
    defaultBaseURL: spec.defaultBaseURL,
    toHeaders: toHeaders && ((apiKey) => toHeaders(apiKey, settings)),
  });
  return spec.modelConfig?.(config, settings) ?? (config as TConfig);
}
