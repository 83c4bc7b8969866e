import { resultCacheKey, type GenerateResult } from '@switchyard/core';
import { mayReach } from './may-reach';
import type { CallContext } from './call-context';
import type { GatewayDeps } from './gateway-deps';
import { routeAndCharge, type RouteAndChargeDeps } from './route-and-charge';
import { recordEnd } from './settle';

/** What a cached call uses: routing for a miss, the cache and its flights. */
export type CacheDeps = RouteAndChargeDeps &
  Pick<GatewayDeps, 'resultCache' | 'flights'>;

/**
 * Serves an identical earlier call's result from the cache, or joins an
 * identical call in flight (single flight); otherwise routes this one and
 * caches its result. A result not made for this call is free.
 */
export async function generateThroughCache(
  deps: CacheDeps,
  options: { call: CallContext; ttlMs: number },
): Promise<GenerateResult> {
  const { call, ttlMs } = options;
  const { logger, resultCache } = deps;
  const startedAt = call.now();
  const cacheKey = resultCacheKey({
    route: call.route.name,
    targets: call.route.targets.filter((target) =>
      mayReach(call.payer, target.instance),
    ),
    request: call.request,
  });
  const stored = await resultCache.get(cacheKey).catch((error: unknown) => {
    logger.warn(
      { err: error },
      'reading the result cache failed; routing the call',
    );
    return undefined;
  });
  if (stored !== undefined) {
    return servedFromCache(deps, { call, stored, startedAt });
  }
  let led = false;
  try {
    const flight = await deps.flights.run(cacheKey, async () => {
      led = true;
      const result = await routeAndCharge(deps, call);
      await resultCache.set(cacheKey, result, ttlMs).catch((error: unknown) => {
        logger.warn({ err: error }, 'writing the result cache failed');
      });
      return result;
    });
    if (!flight.shared) return flight.value;
    return servedFromCache(deps, { call, stored: flight.value, startedAt });
  } catch (error) {
    // The call this one joined failed for its own caller (its budget, its
    // cancel): this caller gets a call of its own.
    if (led) throw error;
    return routeAndCharge(deps, call);
  }
}

/** Answers a call with a result made for another: free, recorded, its own id. */
async function servedFromCache(
  deps: Pick<GatewayDeps, 'logger' | 'redact'>,
  options: { call: CallContext; stored: GenerateResult; startedAt: number },
): Promise<GenerateResult> {
  const { call, stored, startedAt } = options;
  const result: GenerateResult = {
    ...stored,
    id: call.id,
    cached: true,
    cost: { microCredits: 0 },
    latencyMs: call.now() - startedAt,
  };
  await recordEnd(deps, call, {
    status: 'succeeded',
    provider: result.provider,
    model: result.model,
    costMicroCredits: 0,
    result,
    // No provider was called for this one.
    attempts: [],
  });
  deps.logger.info(
    {
      requestId: call.requestId,
      id: call.id,
      type: result.type,
      route: call.route.name,
      provider: result.provider,
      cached: true,
    },
    'generate served from the cache',
  );
  return result;
}
