import { formatTarget, type GenerateResult } from '@switchyard/core';
import {
  createCallContext,
  HOLD_MARGIN_MS,
  type CallContext,
} from './call-context';
import type { GatewayDeps } from './gateway-deps';
import type { RankDeps } from './rank-route';
import type { GenerateOptions } from './gateway';
import { generateThroughCache, type CacheDeps } from './generate-through-cache';
import { claimKey } from './idempotency';
import { endOfFailure, endOfResult, observeCall } from './observed-call';
import { routeAndCharge } from './route-and-charge';
import { pinTrainedModel } from './trained-models';

/** What a `generate` call uses, from its idempotency key to its charge. */
export type GenerateDeps = CacheDeps &
  Pick<GatewayDeps, 'routes' | 'instances' | 'now' | 'owner' | 'observer'> &
  RankDeps;

/**
 * Serves one `generate` call: starts its context, claims its idempotency key
 * (or replays the key's answer), then routes and charges it, through the
 * result cache when its route or input asks for one. The gateway's
 * observer watches it from its context to its end.
 */
export async function generate(
  deps: GenerateDeps,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const input = await pinTrainedModel({
    ...options,
    instances: deps.instances,
    routeTargets: (asked) =>
      (deps.routes.get(asked.route ?? asked.type)?.targets ?? []).map(
        formatTarget,
      ),
  });
  const call = createCallContext(deps, { ...options, input });
  const observed = observeCall(deps.observer, { call, stream: false });
  const engine = observed.engine(deps.engine);
  const looked = { cache: false };
  try {
    const served = await serveCall(
      engine === deps.engine ? deps : { ...deps, engine },
      { call, looked },
    );
    if (looked.cache) observed.cacheLookup(served.cached);
    observed.ended(endOfResult(call, served));
    return served.result;
  } catch (error) {
    if (looked.cache) observed.cacheLookup(false);
    observed.ended(endOfFailure(call, error));
    throw error;
  }
}

/**
 * Claims the call's idempotency key, then routes it, through the cache when
 * asked (`looked.cache` says the cache was looked in). `cached`: the result
 * was made for another call (the cache, or the key's stored answer).
 */
async function serveCall(
  deps: GenerateDeps,
  options: { call: CallContext; looked: { cache: boolean } },
): Promise<{ result: GenerateResult; cached: boolean }> {
  const claimed = await claimCallKey(deps, options.call);
  if (!claimed.run) return { result: claimed.result, cached: true };
  const { call } = claimed;
  const cache =
    call.input.cache === false
      ? undefined
      : (call.input.cache ?? call.route.cache);
  if (cache === undefined) {
    return { result: await routeAndCharge(deps, call), cached: false };
  }
  options.looked.cache = true;
  const result = await generateThroughCache(deps, { call, ttlMs: cache.ttlMs });
  return { result, cached: result.cached };
}

/** A call past its idempotency key: the key's stored answer, or the call to run. */
type ClaimedCall =
  { run: false; result: GenerateResult } | { run: true; call: CallContext };

/**
 * A call with an idempotency key claims it before anything else (its record
 * begun under the key, or the record of a stopped process's call taken
 * over); one without is recorded in a single write when it ends.
 */
async function claimCallKey(
  deps: Pick<GatewayDeps, 'logger' | 'owner' | 'now'>,
  call: CallContext,
): Promise<ClaimedCall> {
  const { generations, requestId, input, route } = call;
  const { idempotencyKey } = input;
  const { logger } = deps;
  if (generations === undefined || idempotencyKey === undefined) {
    return { run: true, call };
  }
  const claim = await claimKey({
    generations,
    record: {
      id: call.id,
      keyId: call.payer?.keyId ?? '',
      subject: call.payer?.subject,
      idempotencyKey,
      requestHash: call.requestHash,
      route: route.name,
    },
    owner: deps.owner,
    ttlMs: route.deadlineMs + HOLD_MARGIN_MS,
    signal: call.signal,
    now: deps.now,
    onWait: (existing) =>
      logger.info(
        { requestId, id: existing.id, idempotencyKey },
        'generate waits for the call in flight under its idempotency key',
      ),
  });
  if (!claim.run) {
    logger.info(
      { requestId, id: claim.result.id, idempotencyKey },
      'generate replayed for its idempotency key',
    );
    return claim;
  }
  if (claim.id !== call.id) {
    logger.warn(
      { requestId, id: claim.id, idempotencyKey },
      'generate took over a call its stopped process left in flight',
    );
  }
  return { run: true, call: { ...call, id: claim.id, begun: true } };
}
