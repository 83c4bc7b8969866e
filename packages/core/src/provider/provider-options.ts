import type { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error';
import type { ProviderOptions } from '../schemas/common';

/**
 * Validates a request's `providerOptions[key]` with the provider's own schema.
 * Returns undefined when the request has none; throws an `invalid_request`
 * error naming each bad field otherwise, so a typo never passes silently.
 *
 * @example
 * const options = parseProviderOptions({ provider: 'openai', key: 'openai', providerOptions: request.providerOptions, schema: openAIChatOptionsSchema });
 */
export function parseProviderOptions<TOptions>(options: {
  provider: string;
  /** The key under `providerOptions` (`openai`, `fal`, …). */
  key: string;
  providerOptions: ProviderOptions | undefined;
  schema: z.ZodType<TOptions>;
}): TOptions | undefined {
  const entry = options.providerOptions?.[options.key];
  if (entry === undefined) return undefined;
  const parsed = options.schema.safeParse(entry);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => {
      const path = ['providerOptions', options.key, ...issue.path].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
  throw new SwitchyardError({
    code: 'invalid_request',
    provider: options.provider,
    message: `Invalid provider options for ${options.provider}: ${problems}.`,
  });
}

/** A warning for a request setting a model cannot honour. */
export function unsupportedSetting(options: {
  setting: string;
  details?: string;
}): { type: 'unsupported-setting'; setting: string; message: string } {
  return {
    type: 'unsupported-setting',
    setting: options.setting,
    message:
      options.details ??
      `${options.setting} is not supported by this model and was ignored.`,
  };
}
