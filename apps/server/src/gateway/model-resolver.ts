import {
  modelOfKind,
  SwitchyardError,
  type Model,
  type ModelKind,
  type RouteTarget,
} from '@switchyard/core';
import type { ProviderInstance } from '../providers/create-provider-instances';
import type { ResolveModel } from './gateway-deps';
import { withInstanceTimeout } from './with-instance-timeout';

/**
 * Resolves a target to its provider instance's model of a kind, wrapped in
 * the instance's `timeoutMs` when it has one; each model is created once.
 * Throws `not_found` for an unknown instance (listing the configured ones),
 * and `unsupported` for a model the instance lists under another kind
 * (naming what it serves, and the instance's models of the kind asked for).
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
    let model: Model;
    try {
      model = modelOfKind(instance.provider, kind, target.model);
    } catch (error) {
      throw kindMismatch({ instance, target, kind }) ?? error;
    }
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

/**
 * The error for a model the instance lists, but not as a `kind` model
 * (`local:echo` asked for an image); undefined when it does not list it.
 */
function kindMismatch(options: {
  instance: ProviderInstance;
  target: RouteTarget;
  kind: ModelKind;
}): SwitchyardError | undefined {
  const { instance, target, kind } = options;
  const listed = instance.provider
    .listModels()
    .filter(
      (model) =>
        instance.models === undefined || instance.models.includes(model.id),
    );
  const serves = [
    ...new Set(
      listed
        .filter((model) => model.id === target.model && model.kind !== kind)
        .map((model) => model.kind),
    ),
  ];
  if (serves.length === 0) return undefined;
  const ofKind = listed
    .filter((model) => model.kind === kind)
    .map((model) => model.id);
  const others =
    ofKind.length > 0
      ? `the ${kind} models of "${instance.name}" are ${ofKind.join(', ')}`
      : `"${instance.name}" has no ${kind} models`;
  return new SwitchyardError({
    code: 'unsupported',
    provider: instance.name,
    message: `"${target.instance}:${target.model}" serves ${serves.join(' and ')}, not ${kind}: ${others}.`,
  });
}
