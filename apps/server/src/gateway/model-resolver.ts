import { modelOfKind, SwitchyardError, type Model } from '@switchyard/core';
import type { ProviderInstance } from '../providers/create-provider-instances';
import type { ResolveModel } from './gateway-deps';
import { withInstanceTimeout } from './with-instance-timeout';

/**
 * Resolves a target to its provider instance's model of a kind, wrapped in
 * the instance's `timeoutMs` when it has one; each model is created once.
 * Throws `not_found` for an unknown instance (listing the configured ones).
 */
export function createModelResolver(
  instances: ReadonlyMap<string, ProviderInstance>,
): ResolveModel {
  const models = new Map<string, Model>();
  return (target, kind) => {
    const key = `${kind}\u0000${target.instance}\u0000${target.model}`;
    const cached = models.get(key);
    if (cached !== undefined) return cached;
    const instance = instances.get(target.instance);
    if (instance === undefined) {
      throw new SwitchyardError({
        code: 'not_found',
        message: `Unknown provider instance "${target.instance}"; configured instances: ${[...instances.keys()].join(', ')}.`,
      });
    }
    const model: Model = modelOfKind(instance.provider, kind, target.model);
    const served =
      instance.timeoutMs === undefined
        ? model
        : withInstanceTimeout({
            model,
            instance: instance.name,
            timeoutMs: instance.timeoutMs,
          });
    models.set(key, served);
    return served;
  };
}
