import { exchange } from '../http/exchange';
import type { MapError } from '../http/http-types';
import { readBody } from '../http/transport';
import { modelCallOptions, type ModelHttpConfig } from './provider-settings';

/** The most of a probe's answer that is read; the rest is dropped unread. */
const PROBE_BODY_LIMIT = 1024 * 1024;

/**
 * A provider's health probe, declared as data: the cheapest request that
 * needs its key (list the models, read the account), never a paid call. It
 * goes to the instance's base URL with its auth headers, and an error status
 * becomes the SwitchyardError the provider's models would throw for it.
 *
 * @example
 * probe: { path: '/models', mapError: mapOpenAIError }
 */
export interface HttpProbe<TConfig extends ModelHttpConfig = ModelHttpConfig> {
  /** Path after the base URL, with its query: `/models`, `/account`. */
  path: string;
  /** Default `GET`. */
  method?: 'GET' | 'POST';
  /** A JSON body, for a `POST` probe. */
  body?: unknown;
  /** The provider's special error cases, as its models map them. */
  mapError?: MapError;
  /**
   * The host the probe goes to when it is not the models' base URL (a
   * provider with a second API host); it gets the instance's model config.
   */
  baseURL?: (config: TConfig) => string;
}

/**
 * Runs a declared probe for one instance: resolves when the provider answers
 * 2xx, throws the SwitchyardError of its answer (`auth`, `server_error`,
 * `network`, `cancelled` when `signal` aborts) otherwise. The answer's body
 * is read (at most 1 MiB, so the connection can be reused) and dropped.
 *
 * @example
 * await probeHttp({ config, probe: { path: '/models' }, signal: AbortSignal.timeout(5_000) });
 */
export async function probeHttp<TConfig extends ModelHttpConfig>(options: {
  config: TConfig;
  probe: HttpProbe<TConfig>;
  signal: AbortSignal;
}): Promise<void> {
  const { config, probe, signal } = options;
  const baseURL = probe.baseURL?.(config) ?? config.baseURL;
  await exchange(
    {
      ...modelCallOptions({
        config,
        call: { signal },
        mapError: probe.mapError,
      }),
      url: `${baseURL}${probe.path}`,
      method: probe.method ?? 'GET',
      body: probe.body,
      accept: 'application/json',
    },
    async (response) => {
      await readBody(response, PROBE_BODY_LIMIT);
    },
  );
}
