import type { ApiKeyRecord, SwitchyardStore } from '@switchyard/core';
import type { Gateway } from './gateway/gateway';
import type { JobRunner } from './jobs/job-runner';
import type { KeyRateLimiter } from './limits/key-rate-limiter';
import type { Logger } from './logger';
import type { TokenGrant } from './tokens/token-grant';
import type { TokenService } from './tokens/token-service';

/** What every tRPC procedure receives. */
export interface Context {
  gateway: Gateway;
  store: SwitchyardStore;
  /** Counts calls against each key's rate limits. */
  rateLimiter: KeyRateLimiter;
  /** Runs async jobs (`jobs.*`). */
  jobs: JobRunner;
  /** Mints and checks the short-lived tokens keys hand to end users. */
  tokens: TokenService;
  /** True when every call must carry a valid API key (`auth.required`). */
  authRequired: boolean;
  /** The bearer token the request sent, if any. */
  bearerToken?: string;
  /** The request id the request-logger middleware assigned (also in `x-request-id`). */
  requestId: string;
  /**
   * Aborted when the server's shutdown grace period is over, its reason the
   * SwitchyardError a call still running then answers with.
   */
  callsStopped?: AbortSignal;
  /** The server's logger (admin changes are logged: key ids, never keys). */
  logger: Logger;
}

/** The context once the caller's key has been checked. */
export interface AuthorizedContext extends Context {
  /** The caller's key (a token's minting key); undefined only when auth is off and no key was sent. */
  apiKey?: ApiKeyRecord;
  /** What the caller's minted token grants, when it sent one instead of a key. */
  token?: TokenGrant;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** What every request's context shares: made once per app. */
export type ContextDeps = Omit<Context, 'bearerToken' | 'requestId'>;

/**
 * The context of one request, the same for tRPC and the `/v1` routes: the
 * app's shared parts, the credential the request sent and its request id.
 */
export function requestContext(
  deps: ContextDeps,
  request: { bearerToken: string | undefined; requestId: string },
): ContextDeps & Pick<Context, 'bearerToken' | 'requestId'> {
  return {
    ...deps,
    bearerToken: request.bearerToken,
    requestId: request.requestId,
  };
}
