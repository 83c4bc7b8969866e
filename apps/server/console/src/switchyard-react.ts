import {
  createSwitchyardClient,
  createSwitchyardReact,
  type SwitchyardClient,
} from '@switchyard/sdk/react';

/** The console's React bindings of the gateway: made once, shared by every page. */
export const { SwitchyardProvider, useSwitchyard, useSwitchyardClient } =
  createSwitchyardReact();

/**
 * A client of the gateway that serves the console (this page's origin),
 * sending `apiKey` as its Bearer credential, streams included (none when
 * it is empty).
 */
export function createConsoleClient(apiKey: string): SwitchyardClient {
  return createSwitchyardClient({
    url: window.location.origin,
    apiKey: apiKey === '' ? undefined : apiKey,
  });
}
