import type { ModelKind, RouteTarget } from '@switchyard/core';
import type { LoadedConfig } from '../config/load-config';
import type { ProviderListing } from '../gateway/provider-reports';

/** The `model` label of every model id the config and the catalogs do not name. */
export const OTHER_MODEL = 'other';

/**
 * Bounded label values: a `model` label only for the models an instance
 * lists or the config names (its routes and prices), `other` for any other
 * id (a request's forced model, a trained model), so a caller cannot grow
 * the number of series.
 */
export interface MetricLabels {
  /** The model's id when known for that instance, else `other`. */
  model(instance: string, model: string): string;
  /** `instance:model` with the model bounded as {@link MetricLabels.model} does. */
  target(target: RouteTarget): string;
  /** The kind of call a configured route serves; undefined for an unknown route. */
  typeOf(route: string): ModelKind | undefined;
  /** Every configured route target, as `instance:model`. */
  routeTargets(): string[];
}

/**
 * The labels of a gateway's config and its instances' catalogs (from
 * `providers.list`: the listed models, then those the config prices or a
 * route names).
 */
export function createMetricLabels(options: {
  config: LoadedConfig;
  listing: readonly ProviderListing[];
}): MetricLabels {
  const models = new Map<string, Set<string>>();
  for (const instance of options.listing) {
    models.set(
      instance.name,
      new Set(instance.models.map((model) => model.id)),
    );
  }
  const routes = options.config.config.routes;
  const kinds = new Map<string, ModelKind>();
  for (const [name, settings] of Object.entries(routes)) {
    kinds.set(name, (settings.type ?? name) as ModelKind);
  }
  const model = (instance: string, id: string) =>
    models.get(instance)?.has(id) === true ? id : OTHER_MODEL;
  return {
    model,
    target: (target) =>
      `${target.instance}:${model(target.instance, target.model)}`,
    typeOf: (route) => kinds.get(route),
    routeTargets: () => [
      ...new Set(Object.values(routes).flatMap((route) => route.targets)),
    ],
  };
}
