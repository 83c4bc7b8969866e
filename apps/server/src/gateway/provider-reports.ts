import {
  costMetadataSchema,
  imageCapabilitiesSchema,
  isModelKind,
  MODEL_KINDS,
  modelOfKind,
  musicCapabilitiesSchema,
  videoCapabilitiesSchema,
  trainingCapabilitiesSchema,
  providerFeatures,
  speechCapabilitiesSchema,
  textCapabilitiesSchema,
  type ModelKind,
  type ModelInfo,
  type Route,
  type RouteTarget,
} from '@switchyard/core';
import { z } from 'zod';
import type { ProviderInstance } from '../providers/create-provider-instances';
import type { PriceBook } from './price-book';

/** A model as `providers.list` shows it. */
export const providerModelSchema = z.object({
  id: z.string(),
  kind: z.enum(MODEL_KINDS),
  description: z.string().optional(),
  capabilities: z.union([
    imageCapabilitiesSchema,
    textCapabilitiesSchema,
    speechCapabilitiesSchema,
    musicCapabilitiesSchema,
    videoCapabilitiesSchema,
    trainingCapabilitiesSchema,
  ]),
  /**
   * The price a call is charged by, in micro-credits per unit, markup
   * included; absent when the model has no price (a keyed call to it is
   * refused unless `pricing.unknown` is `free`).
   */
  cost: costMetadataSchema.optional(),
  /** Where the price comes from: the config's `prices`, or the provider's list. */
  priceSource: z.enum(['config', 'provider']).optional(),
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
  features: z.array(z.enum(providerFeatures)),
  isAsync: z.boolean(),
  /**
   * False when the provider takes an `apiKey` and the config gives none (it
   * may still read its key from its environment variable at call time).
   */
  configured: z.boolean(),
  models: z.array(providerModelSchema),
});
export type ProviderListing = z.infer<typeof providerListingSchema>;

/**
 * Lists every configured instance with its models, each with the price it is
 * charged by: the provider's listed models, then those only the config
 * prices or a route names.
 */
export function listProviders(options: {
  instances: Iterable<ProviderInstance>;
  priceBook: PriceBook;
  routes: ReadonlyMap<string, Route>;
}): ProviderListing[] {
  const { priceBook } = options;
  return [...options.instances].map((instance) => {
    const listed = instance.provider.listModels();
    const models = [
      ...listed,
      ...unlistedModels({ instance, listed, ...options }),
    ].map((model): ProviderModel => {
      const price = listedPrice({
        priceBook,
        target: { instance: instance.name, model: model.id },
        kind: model.kind,
      });
      return {
        id: model.id,
        kind: model.kind,
        description: model.description,
        capabilities: model.capabilities,
        cost: price?.cost,
        priceSource: price?.source,
      };
    });
    return {
      name: instance.name,
      use: instance.use,
      provider: instance.definition.name,
      description: instance.definition.description,
      features: [...instance.definition.features],
      isAsync: instance.definition.isAsync,
      configured: instance.hasCredentials,
      models,
    };
  });
}

/** A model's price for the listing; none when its provider cannot make it. */
function listedPrice(options: {
  priceBook: PriceBook;
  target: RouteTarget;
  kind: ModelKind;
}) {
  try {
    return options.priceBook.priceOf(options.target, options.kind);
  } catch {
    return undefined;
  }
}

/**
 * Models of an instance its provider does not list but the config prices or
 * a route targets: once per kind a route uses it as, else per kind the
 * provider can serve it as.
 */
function unlistedModels(options: {
  instance: ProviderInstance;
  listed: ModelInfo[];
  priceBook: PriceBook;
  routes: ReadonlyMap<string, Route>;
}): ModelInfo[] {
  const { instance, listed, priceBook, routes } = options;
  const kindsInRoutes = new Map<string, Set<ModelKind>>();
  for (const route of routes.values()) {
    for (const target of route.targets) {
      if (target.instance !== instance.name) continue;
      const kinds = kindsInRoutes.get(target.model) ?? new Set<ModelKind>();
      kinds.add(route.kind);
      kindsInRoutes.set(target.model, kinds);
    }
  }
  const ids = new Set([
    ...priceBook.configuredModels(instance.name),
    ...kindsInRoutes.keys(),
  ]);
  const servable = instance.definition.features.filter(
    (feature): feature is ModelKind => isModelKind(feature),
  );
  return [...ids].flatMap((id) =>
    [...(kindsInRoutes.get(id) ?? servable)].flatMap((kind): ModelInfo[] => {
      if (listed.some((model) => model.id === id && model.kind === kind)) {
        return [];
      }
      try {
        const model = modelOfKind(instance.provider, kind, id);
        return [{ id, kind, capabilities: model.capabilities }];
      } catch {
        // The provider cannot serve this id as this kind.
        return [];
      }
    }),
  );
}
