import {
  costMetadataSchema,
  errorCodeSchema,
  imageCapabilitiesSchema,
  textCapabilitiesSchema,
  type Route,
  type RouteTarget,
  type RoutingEngine,
} from '@switchyard/core';
import { z } from 'zod';
import type { ProviderInstance } from '../providers/create-provider-instances';

/** A model as `providers.list` shows it. */
export const providerModelSchema = z.object({
  id: z.string(),
  kind: z.enum(['image', 'text']),
  description: z.string().optional(),
  capabilities: z.union([imageCapabilitiesSchema, textCapabilitiesSchema]),
  cost: costMetadataSchema.optional(),
});
export type ProviderModel = z.infer<typeof providerModelSchema>;

/** A configured provider instance as `providers.list` shows it (never its settings). */
export const providerListingSchema = z.object({
  /** The instance's name in the config. */
  name: z.string(),
  /** The config's `use:` value (default: the instance's name). */
  use: z.string(),
  /** The provider's own name (`local`, `openai`, or an outside package's). */
  provider: z.string(),
  description: z.string(),
  features: z.array(z.enum(['image', 'text', 'text-stream'])),
  isAsync: z.boolean(),
  /**
   * False when the provider takes an `apiKey` and the config gives none (it
   * may still read its key from its environment variable at call time).
   */
  configured: z.boolean(),
  models: z.array(providerModelSchema),
});
export type ProviderListing = z.infer<typeof providerListingSchema>;

/** Health of one target as `providers.health` shows it. */
export const targetHealthReportSchema = z.object({
  /** `instance:model`. */
  target: z.string(),
  instance: z.string(),
  model: z.string(),
  /** Routes that list this target. */
  routes: z.array(z.string()),
  breaker: z.enum(['closed', 'open', 'half-open']),
  /** Calls in the recent window. */
  recentCalls: z.number().int().nonnegative(),
  /** Share of recent calls that succeeded, 0..1; absent before any call. */
  successRate: z.number().min(0).max(1).optional(),
  latencyP50Ms: z.number().nonnegative().optional(),
  latencyP95Ms: z.number().nonnegative().optional(),
  lastErrorCode: errorCodeSchema.optional(),
  /** Epoch milliseconds of the last call. */
  lastCallAt: z.number().optional(),
});
export type TargetHealthReport = z.infer<typeof targetHealthReportSchema>;

/** Lists every configured instance with its models. */
export function listProviders(
  instances: Iterable<ProviderInstance>,
): ProviderListing[] {
  return [...instances].map((instance) => ({
    name: instance.name,
    use: instance.use,
    provider: instance.definition.name,
    description: instance.definition.description,
    features: [...instance.definition.features],
    isAsync: instance.definition.isAsync,
    configured: instance.hasCredentials,
    models: instance.provider.listModels().map((model) => ({
      id: model.id,
      kind: model.kind,
      description: model.description,
      capabilities: model.capabilities,
      cost: model.cost,
    })),
  }));
}

/**
 * Health of every target in a route, plus any other target the engine has
 * called (a forced provider outside its routes).
 */
export function reportHealth(options: {
  engine: RoutingEngine;
  routes: Iterable<Route>;
}): TargetHealthReport[] {
  const reports = new Map<
    string,
    { target: RouteTarget; routes: Set<string>; route?: Route }
  >();
  const entryFor = (target: RouteTarget, route?: Route) => {
    const key = `${target.instance}:${target.model}`;
    let entry = reports.get(key);
    if (entry === undefined) {
      entry = { target, routes: new Set(), route };
      reports.set(key, entry);
    }
    return entry;
  };
  for (const route of options.routes) {
    for (const target of route.targets) {
      entryFor(target, route).routes.add(route.name);
    }
  }
  const seen = new Map(
    options.engine
      .health()
      .map((health) => [
        `${health.target.instance}:${health.target.model}`,
        health,
      ]),
  );
  for (const health of seen.values()) entryFor(health.target);
  return [...reports.entries()].map(([key, { target, routes, route }]) => {
    const health = seen.get(key);
    return {
      target: key,
      instance: target.instance,
      model: target.model,
      routes: [...routes],
      breaker: health?.breaker ?? options.engine.breakerState(target, route),
      recentCalls: health?.recentCalls ?? 0,
      successRate: health?.successRate,
      latencyP50Ms: health?.latencyP50Ms,
      latencyP95Ms: health?.latencyP95Ms,
      lastErrorCode: health?.lastErrorCode,
      lastCallAt: health?.lastCallAt,
    };
  });
}
