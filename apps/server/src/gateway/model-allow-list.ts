import { SwitchyardError, type Route } from '@switchyard/core';
import type { ProviderInstance } from '../providers/create-provider-instances';

/**
 * Throws `invalid_request` when a target of the route names a model outside
 * its instance's `models` allow-list (a caller forcing `provider` and
 * `model`), listing the models the instance allows. The config already keeps
 * route targets inside the lists; this covers what a request chose.
 */
export function assertModelsAllowed(options: {
  route: Route;
  instances: ReadonlyMap<string, ProviderInstance>;
}): void {
  for (const target of options.route.targets) {
    const allowed = options.instances.get(target.instance)?.models;
    if (allowed === undefined || allowed.includes(target.model)) continue;
    throw new SwitchyardError({
      code: 'invalid_request',
      provider: target.instance,
      message: `Provider instance "${target.instance}" does not serve model ${JSON.stringify(target.model)} to callers; its models are: ${allowed.join(', ')}.`,
    });
  }
}

/** The models of an instance callers may use: its `models`, or every model it lists. */
export function allowsModel(
  instance: ProviderInstance | undefined,
  model: string,
): boolean {
  return instance?.models === undefined || instance.models.includes(model);
}
