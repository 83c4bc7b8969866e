import {
  applyMarkup,
  formatTarget,
  SwitchyardError,
  type CostMetadata,
  type Model,
  type ModelKind,
  type Route,
  type RouteTarget,
} from '@switchyard/core';
import type { LoadedConfig } from '../config/load-config';
import type { ProviderInstance } from '../providers/create-provider-instances';
import { mayReach } from './may-reach';

/** Where a model's price comes from. */
export type PriceSource = 'config' | 'provider';

/** A model's price as the gateway charges it: markup applied. */
export interface EffectivePrice {
  cost: CostMetadata;
  source: PriceSource;
}

/** The prices the gateway charges by: the config's, else the providers' own. */
export interface PriceBook {
  /**
   * The target's price with the markup applied: the config's
   * `providers.<instance>.prices."<model>"`, else the provider's list price
   * for that exact id; undefined when neither has one.
   */
  priceOf(target: RouteTarget, kind: ModelKind): EffectivePrice | undefined;
  /**
   * What a keyed call to the target is charged by: its price, or free when
   * the config says `pricing.unknown: free`; undefined means refuse.
   */
  chargeableOf(target: RouteTarget, kind: ModelKind): CostMetadata | undefined;
  /** Model ids the config prices for an instance. */
  configuredModels(instance: string): string[];
}

/** Builds the {@link PriceBook} of a config and its provider instances. */
export function createPriceBook(options: {
  config: LoadedConfig;
  instances: ReadonlyMap<string, ProviderInstance>;
  resolveModel: (target: RouteTarget, kind: ModelKind) => Model;
}): PriceBook {
  const { config, instances, resolveModel } = options;
  const pricing = config.config.pricing ?? {};
  const markup = pricing.markup ?? 1;
  const configured = (instance: string) =>
    config.config.providers[instance]?.prices ?? {};

  const priceOf = (
    target: RouteTarget,
    kind: ModelKind,
  ): EffectivePrice | undefined => {
    const fromConfig = Object.hasOwn(configured(target.instance), target.model)
      ? configured(target.instance)[target.model]
      : undefined;
    if (fromConfig !== undefined) {
      return { cost: applyMarkup(fromConfig, markup), source: 'config' };
    }
    const listed =
      resolveModel(target, kind).cost ??
      instances
        .get(target.instance)
        ?.provider.listModels()
        .find((info) => info.id === target.model && info.kind === kind)?.cost;
    return listed === undefined
      ? undefined
      : { cost: applyMarkup(listed, markup), source: 'provider' };
  };

  return {
    priceOf,
    chargeableOf(target, kind) {
      const price = priceOf(target, kind);
      if (price !== undefined) return price.cost;
      return pricing.unknown === 'free' ? {} : undefined;
    },
    configuredModels: (instance) => Object.keys(configured(instance)),
  };
}

/** The skip reason of a target a keyed call may not use for want of a price. */
export const UNPRICED = 'unpriced';

/**
 * The error of a keyed call whose every reachable target has no price:
 * `invalid_request` naming each and how to price it.
 */
export function unpricedError(targets: RouteTarget[]): SwitchyardError {
  const named = targets.map((target) => formatTarget(target)).join(', ');
  const how = targets
    .map((target) => `providers.${target.instance}.prices."${target.model}"`)
    .join(', ');
  return new SwitchyardError({
    code: 'invalid_request',
    provider: targets[0]?.instance,
    message: `No price is known for ${named}, so a call with an API key cannot be charged for it. Price it in the config under ${how} (micro-credits per unit: perRequest, perImage, perInputToken, perOutputToken, perSecond, perCharacter), or set "pricing.unknown: free" to serve unpriced models without charging.`,
  });
}

/**
 * Refuses, before anything is held or called, a keyed call whose every
 * target it may reach has no price; a route with some priced targets runs,
 * and its unpriced ones are skipped (reason `unpriced`). A call without a
 * payer is not charged, so never refused.
 */
export function checkPriced(options: {
  route: Route;
  payer: { allowedProviders?: string[] } | undefined;
  priceBook: PriceBook;
}): void {
  const { route, payer, priceBook } = options;
  if (payer === undefined) return;
  const { kind } = route;
  const reachable = route.targets.filter((target) =>
    mayReach(payer, target.instance),
  );
  if (reachable.length === 0) return;
  const unpriced = reachable.filter(
    (target) => priceBook.chargeableOf(target, kind) === undefined,
  );
  if (unpriced.length === reachable.length) throw unpricedError(unpriced);
}
