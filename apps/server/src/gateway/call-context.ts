import { sortableId, type Route } from '@switchyard/core';
import type { GenerateOptions } from './gateway';
import type { GatewayDeps } from './gateway-deps';
import { hashRequest } from './idempotency';
import { routeCall, type RankDeps } from './rank-route';

/**
 * How long past a route's deadline a credit hold (or an idempotency claim)
 * lives before the sweeper may free it: the engine ends every call by its
 * deadline, so this only covers settling the charge.
 */
export const HOLD_MARGIN_MS = 5_000;

/**
 * One call as it passes through the stages: the caller's options, its route,
 * the request sent upstream and what its stored record is written with.
 */
export interface CallContext extends GenerateOptions {
  /** The route, its targets in the order its strategy and the requirements give. */
  route: Route;
  /** Targets the request's requirements exclude (`instance:model` → which requirement). */
  exclusions: ReadonlyMap<string, string>;
  /** The call's id (`gen_...`): its result's and its record's. */
  id: string;
  /** The model request, with a text call's output bounded (see {@link boundedRequest}). */
  request: Record<string, unknown>;
  /** The request's hash (empty without a store), compared under an idempotency key. */
  requestHash: string;
  startedAt: number;
  /** True when the call's record was begun (it claimed an idempotency key). */
  begun: boolean;
  /** The gateway's clock: latencies and the record's time. */
  now: () => number;
}

/**
 * Starts a call: picks its route (throwing like `generate` for an unknown or
 * unfit one) and ranks its targets (`rank-route.ts`), gives it a new id and its start time. The only place a call's
 * context is made; a claimed idempotency key later replaces its `id` and
 * sets `begun`.
 */
export function createCallContext(
  deps: Pick<GatewayDeps, 'routes' | 'instances' | 'now'> & RankDeps,
  options: GenerateOptions,
): CallContext {
  const { input, generations } = options;
  const { route, exclusions, request } = routeCall(deps, { input });
  return {
    ...options,
    route,
    exclusions,
    id: sortableId('gen_'),
    request,
    requestHash: generations === undefined ? '' : hashRequest(input),
    startedAt: deps.now(),
    begun: false,
    now: deps.now,
  };
}
