import { SwitchyardError } from './switchyard-error';

/**
 * Returns the API key from settings or the environment, or throws an `auth`
 * error naming the variable to set. Providers call it lazily, at request time,
 * so a missing key never breaks start-up.
 */
export function loadApiKey(options: {
  apiKey: string | undefined;
  environmentVariableName: string;
  provider: string;
}): string {
  const key = options.apiKey ?? process.env[options.environmentVariableName];
  if (key === undefined || key.trim() === '') {
    throw new SwitchyardError({
      code: 'auth',
      provider: options.provider,
      message: `No API key for ${options.provider}: set ${options.environmentVariableName} or the provider's apiKey in the config.`,
    });
  }
  return key;
}
