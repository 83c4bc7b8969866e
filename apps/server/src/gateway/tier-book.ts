import type { ModelKind, ModelTier, RouteTarget } from '@switchyard/core';
import type { LoadedConfig } from '../config/load-config';
import type { ProviderInstance } from '../providers/create-provider-instances';

/** A target's quality and speed tiers, for `requirements`. */
export type TierOf = (target: RouteTarget, kind: ModelKind) => ModelTier;

const NO_TIER: ModelTier = Object.freeze({});

/**
 * Tiers of every model, looked up once: an instance's `tiers` in the config
 * win over its provider's catalog (`listModels()`); a model in neither has
 * none (a requirement then counts it as `standard`).
 */
export function createTierBook(options: {
  config: LoadedConfig;
  instances: ReadonlyMap<string, ProviderInstance>;
}): TierOf {
  const tiers = new Map<string, ModelTier>();
  for (const instance of options.instances.values()) {
    for (const model of instance.provider.listModels()) {
      if (model.tier !== undefined) {
        tiers.set(`${model.kind}|${instance.name}:${model.id}`, model.tier);
      }
    }
  }
  const configured = new Map<string, ModelTier>();
  for (const [name, settings] of Object.entries(
    options.config.config.providers,
  )) {
    for (const [model, tier] of Object.entries(settings.tiers ?? {})) {
      configured.set(`${name}:${model}`, tier);
    }
  }
  return (target, kind) => {
    const key = `${target.instance}:${target.model}`;
    const fromCatalog = tiers.get(`${kind}|${key}`);
    const fromConfig = configured.get(key);
    if (fromConfig === undefined) return fromCatalog ?? NO_TIER;
    return { ...fromCatalog, ...fromConfig };
  };
}
