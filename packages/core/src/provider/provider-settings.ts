import { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error';
import { loadApiKey } from '../errors/load-api-key';

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
  kind: 'image' | 'text';
  modelId: string;
}): never {
  throw new SwitchyardError({
    code: 'unsupported',
    provider: options.provider,
    message: `${options.provider} has no ${options.kind} models (asked for "${options.modelId}"); route ${options.kind} requests to another provider.`,
  });
}
