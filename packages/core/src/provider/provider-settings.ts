import { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error';
import { loadApiKey } from '../errors/load-api-key';
import { switchyardUserAgent } from '../http/request-headers';
import type { FetchFunction, MapError } from '../http/http-types';
import type { CallOptions, ModelKind } from './contract';

/**
 * The request headers of a provider, computed per call: the key is read then
 * (from the settings, else the environment variable), so a missing key fails
 * the call with an `auth` error naming the variable, never the factory.
 *
 * @example
 * const headers = lazyAuthHeaders({
 *   provider: 'mistral', apiKey: settings.apiKey, environmentVariableName: 'MISTRAL_API_KEY',
 *   toHeaders: (key) => ({ authorization: `Bearer ${key}` }), headers: settings.headers,
 * });
 */
export function lazyAuthHeaders(options: {
  provider: string;
  apiKey: string | undefined;
  environmentVariableName: string;
  /** How the key is sent; default `authorization: Bearer <key>`. */
  toHeaders?: (apiKey: string) => Record<string, string | undefined>;
  /** Extra headers from the settings; they win. */
  headers?: Record<string, string | undefined>;
}): () => Record<string, string | undefined> {
  const toHeaders =
    options.toHeaders ??
    ((apiKey: string) => ({ authorization: `Bearer ${apiKey}` }));
  return () => ({
    ...toHeaders(
      loadApiKey({
        apiKey: options.apiKey,
        environmentVariableName: options.environmentVariableName,
        provider: options.provider,
      }),
    ),
    ...options.headers,
  });
}

/**
 * A provider's base URL: the setting, else the environment variable (such as
 * `MISTRAL_BASE_URL`) when set and not blank, else the default. Trailing
 * slashes are dropped so paths join cleanly.
 */
export function resolveBaseURL(options: {
  baseURL: string | undefined;
  environmentVariableName: string;
  defaultURL: string;
}): string {
  const fromEnvironment = process.env[options.environmentVariableName];
  const chosen =
    options.baseURL ??
    (fromEnvironment === undefined || fromEnvironment.trim() === ''
      ? undefined
      : fromEnvironment) ??
    options.defaultURL;
  return chosen.replace(/\/+$/, '');
}

/**
 * The settings every HTTP provider takes in the config: `apiKey`, `baseURL`
 * and `headers`. Providers `.extend()` it with their own.
 */
export const httpProviderSettingsSchema = z.strictObject({
  apiKey: z.string().min(1).optional(),
  baseURL: z.url().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

/**
 * Throws the `unsupported` error for a model kind a provider does not have,
 * such as `imageModel` on a text-only provider.
 */
export function noModelsOfKind(options: {
  provider: string;
  kind: ModelKind;
  modelId: string;
}): never {
  throw new SwitchyardError({
    code: 'unsupported',
    provider: options.provider,
    message: `${options.provider} has no ${options.kind} models (asked for "${options.modelId}"); route ${options.kind} requests to another provider.`,
  });
}

/**
 * The settings every HTTP provider factory takes. Each provider's settings
 * type names its own environment variables and defaults.
 */
export interface HttpProviderSettings {
  /** API key. Default: the provider's key variable (such as `OPENAI_API_KEY`), read when a call is made. */
  apiKey?: string;
  /** Base URL. Default: the provider's base-URL variable (such as `OPENAI_BASE_URL`), else its public endpoint. */
  baseURL?: string;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled keep-alive HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default: the provider's name; the server passes the instance's name. */
  name?: string;
}

/** What a provider hands each of its models to call its API. */
export interface ModelHttpConfig {
  /** The name results and errors carry. */
  provider: string;
  /** Without a trailing slash. */
  baseURL: string;
  /** Computed per call: a missing key fails that call with `auth`. */
  headers: () => Record<string, string | undefined>;
  fetch?: FetchFunction;
  userAgent: string;
}

/**
 * Builds the {@link ModelHttpConfig} of a provider from its factory settings:
 * the instance's name, the base URL (setting, variable, default), lazy auth
 * headers and the User-Agent `switchyard/providers-<name>/<version>`.
 *
 * @example
 * const config = createModelHttpConfig({
 *   settings, providerName: 'mistral', version: VERSION,
 *   apiKeyVariable: 'MISTRAL_API_KEY', baseURLVariable: 'MISTRAL_BASE_URL',
 *   defaultBaseURL: 'https://api.mistral.ai/v1',
 * });
 */
export function createModelHttpConfig(options: {
  settings: HttpProviderSettings;
  providerName: string;
  /** The provider package's version, for the User-Agent. */
  version: string;
  apiKeyVariable: string;
  baseURLVariable: string;
  defaultBaseURL: string;
  /** How the key is sent; default `authorization: Bearer <key>`. */
  toHeaders?: (apiKey: string) => Record<string, string | undefined>;
}): ModelHttpConfig {
  const { settings } = options;
  const provider = settings.name ?? options.providerName;
  return {
    provider,
    baseURL: resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: options.baseURLVariable,
      defaultURL: options.defaultBaseURL,
    }),
    headers: lazyAuthHeaders({
      provider,
      apiKey: settings.apiKey,
      environmentVariableName: options.apiKeyVariable,
      toHeaders: options.toHeaders,
      headers: settings.headers,
    }),
    fetch: settings.fetch,
    userAgent: switchyardUserAgent(
      `providers-${options.providerName}`,
      options.version,
    ),
  };
}

/**
 * The HTTP helper options of one model call (all but `url` and the body):
 * the provider's headers plus the call's, its signal, fetch, User-Agent and
 * the provider's error mapping.
 */
export function modelCallOptions(options: {
  config: ModelHttpConfig;
  call: CallOptions;
  mapError?: MapError;
}): {
  provider: string;
  headers: Record<string, string | undefined>;
  signal?: AbortSignal;
  fetch?: FetchFunction;
  mapError?: MapError;
  userAgent: string;
} {
  const { config, call } = options;
  return {
    provider: config.provider,
    headers: { ...config.headers(), ...call.headers },
    signal: call.signal,
    fetch: config.fetch,
    mapError: options.mapError,
    userAgent: config.userAgent,
  };
}
