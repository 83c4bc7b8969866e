import {
  createSwitchyardClient,
  type SwitchyardClient,
} from '@switchyard/sdk/react';
import type { Session } from './session-schema';

/**
 * The page's client of the gateway: it calls the gateway's origin directly,
 * sending the session's token (never an API key) as its Bearer credential;
 * event streams (`generateStream`, `jobs.events`) send it too.
 */
export function createGatewayClient(session: Session): SwitchyardClient {
  return createSwitchyardClient({
    url: session.gatewayUrl,
    apiKey: session.token,
  });
}
