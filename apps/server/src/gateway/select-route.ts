import {
  applyRoutingOptions,
  SwitchyardError,
  type GenerateInput,
  type ModelKind,
  type Route,
} from '@switchyard/core';
import type { ProviderInstance } from '../providers/create-provider-instances';
import { allowsModel, assertModelsAllowed } from './model-allow-list';

/**
 * Picks the route for a request and applies its routing fields. The route is
 * the request's `route`, else the one named after its `type`. A forced
 * `provider` with a `model` is served that exact model (held and charged at
 * its own price, never a route target's); a forced `provider` alone takes
 * the route's targets on it, or, when the route lists none, the instance's
 * first listed model of that kind. (`fallback: false` is applied after the
 * route's strategy ranks the targets: see `rank-route.ts`.)
 * Throws `not_found` for an unknown route or instance (listing the known
 * ones) and `invalid_request` for a route of the wrong kind or a model
 * outside its instance's `models` allow-list.
 */
export function selectRoute(options: {
  input: GenerateInput;
  routes: ReadonlyMap<string, Route>;
  instances: ReadonlyMap<string, ProviderInstance>;
}): Route {
  const { input, routes, instances } = options;
  const name = input.route ?? input.type;
  const route = routes.get(name);
  if (route === undefined) {
    throw new SwitchyardError({
      code: 'not_found',
      message: `No route named "${name}"; configured routes: ${[...routes.keys()].join(', ') || '(none)'}.`,
    });
  }
  if (route.kind !== input.type) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `Route "${name}" serves ${route.kind} requests, not ${input.type}.`,
    });
  }
  const asked = [
    ...(input.provider === undefined ? [] : [input.provider]),
    ...(input.providers ?? []),
  ];
  const unknown = asked.filter((instance) => !instances.has(instance));
  if (unknown.length > 0) {
    throw new SwitchyardError({
      code: 'not_found',
      message: `Unknown provider instance ${unknown.map((instance) => `"${instance}"`).join(', ')}; configured instances: ${[...instances.keys()].join(', ')}.`,
    });
  }
  const forced = input.provider;
  if (forced !== undefined && input.model !== undefined) {
    const selected = {
      ...route,
      targets: [{ instance: forced, model: input.model }],
    };
    assertModelsAllowed({ route: selected, instances });
    return selected;
  }
  if (
    forced !== undefined &&
    !route.targets.some((target) => target.instance === forced)
  ) {
    const model =
      input.model ??
      firstModel({ instance: instances.get(forced), kind: route.kind });
    if (model === undefined) {
      throw new SwitchyardError({
        code: 'not_found',
        provider: forced,
        message: `Provider instance "${forced}" is not in route "${name}" and lists no ${route.kind} model; name one with "model".`,
      });
    }
    const selected = { ...route, targets: [{ instance: forced, model }] };
    assertModelsAllowed({ route: selected, instances });
    return selected;
  }
  const selected = applyRoutingOptions(route, {
    provider: input.provider,
    providers: input.providers,
  });
  assertModelsAllowed({ route: selected, instances });
  return selected;
}

function firstModel(options: {
  instance: ProviderInstance | undefined;
  kind: ModelKind;
}): string | undefined {
  return options.instance?.provider
    .listModels()
    .find(
      (model) =>
        model.kind === options.kind && allowsModel(options.instance, model.id),
    )?.id;
}
