import type { Session } from '../src/session-schema';

/** Signs a user in: the session the page then calls the gateway with. */
export type SessionIssuer = (subject: string) => Promise<Session>;

/**
 * A session issuer for a gateway with auth off (development only): the page
 * gets the gateway's URL and no credential.
 */
export function openSessionIssuer(options: {
  /** The gateway's URL as the browser reaches it. */
  gatewayUrl: string;
}): SessionIssuer {
  return (subject) =>
    Promise.resolve({
      gatewayUrl: options.gatewayUrl,
      subject,
      credential: 'none',
    });
}
