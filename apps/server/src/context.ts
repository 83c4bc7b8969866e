import type { Gateway } from './gateway/gateway';

/** What every tRPC procedure receives: the gateway and the request's id. */
export interface Context {
  gateway: Gateway;
  /** The request id the request-logger middleware assigned (also in `x-request-id`). */
  requestId: string;
}
