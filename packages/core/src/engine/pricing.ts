import { z } from 'zod';
import { costMetadataSchema, type CostMetadata } from '../provider/contract';
import { LIMITS } from '../schemas/common';

/**
 * An instance's prices by model id (`providers.<instance>.prices` in the
 * server's config), in micro-credits per unit. They win over the provider
 * package's own list prices.
 */
export const modelPricesSchema = z.record(
  z.string().min(1).max(LIMITS.modelId),
  costMetadataSchema.strict(),
);
export type ModelPrices = z.infer<typeof modelPricesSchema>;

/** What the gateway does about prices: the top-level `pricing` of the server's config. */
export const pricingSettingsSchema = z.strictObject({
  /**
   * A keyed call to a model with no price: `refuse` (default) answers
   * `invalid_request`; `free` serves it without charging.
   */
  unknown: z.enum(['refuse', 'free']).optional(),
  /**
   * A multiplier on every price (config and provider list prices alike):
   * `1.2` charges 20% over the price. Default 1.
   */
  markup: z.number().positive().max(1_000).optional(),
});
export type PricingSettings = z.infer<typeof pricingSettingsSchema>;

/** A price with every unit multiplied by `markup`. */
export function applyMarkup(cost: CostMetadata, markup: number): CostMetadata {
  if (markup === 1) return cost;
  return Object.fromEntries(
    Object.entries(cost).map(([unit, value]) => [
      unit,
      value === undefined ? undefined : value * markup,
    ]),
  );
}
