import type { ModelTier } from '../schemas/routing';
import type { CostMetadata, ModelInfo, ModelKind } from './contract';

/** A model a provider lists: its list price and, where they differ from its kind's, its capabilities. */
export interface KnownModel<TCapabilities> {
  cost: CostMetadata;
  capabilities?: TCapabilities;
  description?: string;
  /** Its quality and speed tiers, for `requirements`; none counts as `standard`. */
  tier?: ModelTier;
}

/** A provider's listed models of one kind, by id, in listing order. */
export type KnownModels<TCapabilities> = Readonly<
  Record<string, KnownModel<TCapabilities>>
>;

/**
 * The listed model with that id, if any. An inherited key (`constructor`) is
 * not a model, so an id the caller chose never picks up a prototype member.
 */
export function findKnownModel<TCapabilities>(
  models: KnownModels<TCapabilities>,
  modelId: string,
): KnownModel<TCapabilities> | undefined {
  return Object.hasOwn(models, modelId) ? models[modelId] : undefined;
}

/**
 * The `ModelInfo` list of one kind's listed models: each takes its own
 * capabilities, else the kind's.
 */
export function knownModelInfos<
  TCapabilities extends ModelInfo['capabilities'],
>(
  kind: ModelKind,
  options: { models: KnownModels<TCapabilities>; capabilities: TCapabilities },
): ModelInfo[] {
  return Object.entries(options.models).map(([id, model]) => ({
    id,
    kind,
    capabilities: model.capabilities ?? options.capabilities,
    cost: model.cost,
    ...(model.description === undefined
      ? {}
      : { description: model.description }),
    ...(model.tier === undefined ? {} : { tier: { ...model.tier } }),
  }));
}
