import type { ModelKind } from '@switchyard/core';
import type { RouteListing } from '../gateway/gateway';
import { CompatError } from './compat-error';

/** Where a `/v1` request's `model` sends it: a route, and maybe one target on it. */
export interface ModelChoice {
  /** The route whose settings (retries, deadline, cache) the call takes. */
  route?: string;
  /** The one target to call (no fallback), when `model` named a model, not a route. */
  target?: { instance: string; model: string };
}

/** One model id `/v1/models` lists. */
export interface ListedModel {
  id: string;
  kind: ModelKind;
  /** The instance that serves it, or `switchyard` for a route. */
  ownedBy: string;
  /** The route a call takes. */
  route: string;
  /** The instance a call is pinned to, for a target. */
  instance?: string;
}

/** Resolves the `model` field of the `/v1` routes and lists the models they take. */
export interface ModelDirectory {
  /**
   * The route (and target) `model` names for a request of `kind`; no model:
   * the route named after the kind. Throws a 404 `model_not_found`
   * {@link CompatError} for a name nothing matches, or matches twice.
   */
  resolve(model: string | undefined, kind: ModelKind): ModelChoice;
  /** Every route, every route target and every `compat.models` name. */
  list(): ListedModel[];
}

/**
 * The directory of a gateway's routes and instances and the config's
 * `compat.models`. `model` is `route:NAME`, a target `instance:model` (on a
 * configured instance, in a route of the request's type or not), a name
 * `compat.models` maps to either, or a bare model id exactly one target of
 * the type's routes has.
 */
export function createModelDirectory(options: {
  routes: readonly RouteListing[];
  instances: readonly string[];
  aliases?: Readonly<Record<string, string>>;
}): ModelDirectory {
  const known: Known = {
    routes: options.routes,
    byName: new Map(options.routes.map((route) => [route.name, route])),
    instances: new Set(options.instances),
  };
  const aliases = new Map(Object.entries(options.aliases ?? {}));
  const resolve = (model: string | undefined, kind: ModelKind) => {
    if (model === undefined) return {};
    const reference = resolveReference(known, { model, kind });
    if (reference !== undefined) return reference;
    const alias = aliases.get(model);
    if (alias === undefined) return resolveBare(known, { model, kind });
    const mapped = resolveReference(known, { model: alias, kind });
    if (mapped === undefined) {
      throw modelNotFound(
        model,
        `it maps to "${alias}", which is not configured`,
      );
    }
    return mapped;
  };
  return {
    resolve,
    list: () => listModels({ routes: options.routes, aliases, resolve }),
  };
}

/** The gateway's routes and instances, looked up by name. */
interface Known {
  routes: readonly RouteListing[];
  byName: ReadonlyMap<string, RouteListing>;
  instances: ReadonlySet<string>;
}

/**
 * The route a target's calls take: of the routes of `kind`, one that holds
 * the target (the one named after the kind first), else the kind's own
 * route, else the first of the kind.
 */
function routeFor(
  known: Known,
  options: { target: { instance: string; model: string }; kind: ModelKind },
): string | undefined {
  const { target, kind } = options;
  const ofKind = known.routes.filter((route) => route.kind === kind);
  const holding = ofKind.filter((route) =>
    route.targets.some(
      (each) =>
        each.instance === target.instance && each.model === target.model,
    ),
  );
  const preferred = (list: readonly RouteListing[]) =>
    list.find((route) => route.name === kind) ?? list[0];
  return preferred(holding)?.name ?? preferred(ofKind)?.name;
}

/** `route:NAME` or `instance:model`; undefined when `model` is neither. */
function resolveReference(
  known: Known,
  options: { model: string; kind: ModelKind },
): ModelChoice | undefined {
  const { model, kind } = options;
  const colon = model.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = model.slice(0, colon);
  const rest = model.slice(colon + 1);
  if (prefix === 'route') {
    const route = known.byName.get(rest);
    if (route === undefined || route.kind !== kind) {
      throw modelNotFound(
        model,
        route === undefined
          ? 'no route has that name'
          : `that route serves ${route.kind}, not ${kind}`,
      );
    }
    return { route: rest };
  }
  if (!known.instances.has(prefix)) return undefined;
  const target = { instance: prefix, model: rest };
  const route = routeFor(known, { target, kind });
  if (route === undefined) {
    throw modelNotFound(model, `no route serves ${kind}`);
  }
  return { route, target };
}

/** A bare model id: the one target of the kind's routes that has it. */
function resolveBare(
  known: Known,
  options: { model: string; kind: ModelKind },
): ModelChoice {
  const { model, kind } = options;
  const owners = new Set(
    known.routes
      .filter((route) => route.kind === kind)
      .flatMap((route) => route.targets)
      .filter((target) => target.model === model)
      .map((target) => target.instance),
  );
  const [instance] = owners;
  if (owners.size === 1 && instance !== undefined) {
    const target = { instance, model };
    return { route: routeFor(known, { target, kind }), target };
  }
  throw modelNotFound(
    model,
    owners.size === 0
      ? `no ${kind} route has it`
      : `${[...owners].map((each) => `"${each}:${model}"`).join(' and ')} both have it: name one`,
  );
}

/** The routes, their targets, then the aliases, each once per type. */
function listModels(options: {
  routes: readonly RouteListing[];
  aliases: ReadonlyMap<string, string>;
  resolve: (model: string, kind: ModelKind) => ModelChoice;
}): ListedModel[] {
  const { routes, resolve } = options;
  const listed = new Map<string, ListedModel>();
  const add = (id: string, kind: ModelKind) => {
    if (listed.has(`${kind} ${id}`)) return;
    const choice = resolve(id, kind);
    if (choice.route === undefined) return;
    listed.set(`${kind} ${id}`, {
      id,
      kind,
      ownedBy: choice.target?.instance ?? 'switchyard',
      route: choice.route,
      instance: choice.target?.instance,
    });
  };
  for (const route of routes) add(`route:${route.name}`, route.kind);
  for (const route of routes) {
    for (const target of route.targets) {
      add(`${target.instance}:${target.model}`, route.kind);
    }
  }
  for (const [alias, destination] of options.aliases) {
    for (const kind of kindsOf(destination, routes)) add(alias, kind);
  }
  return [...listed.values()];
}

/** The types a `route:NAME` or `instance:model` destination serves, by the routes that hold it. */
function kindsOf(
  destination: string,
  routes: readonly RouteListing[],
): Set<ModelKind> {
  const holding = destination.startsWith('route:')
    ? routes.filter((route) => `route:${route.name}` === destination)
    : routes.filter((route) =>
        route.targets.some(
          (target) => `${target.instance}:${target.model}` === destination,
        ),
      );
  return new Set(holding.map((route) => route.kind));
}

function modelNotFound(model: string, why: string): CompatError {
  return new CompatError({
    status: 404,
    code: 'model_not_found',
    param: 'model',
    message: `The model "${model.slice(0, 300)}" does not exist here: ${why}. Name a route ("route:NAME"), a target ("instance:model"), or a name the config's compat.models maps; GET /v1/models lists them.`,
  });
}

/**
 * The `generate` routing fields of a choice: a text target as `provider`
 * and `model` (streams take only that form), any other as
 * `model: "instance:model"`, the form in which a trained model is found
 * and checked to be the caller's own.
 */
export function routingFields(
  choice: ModelChoice,
  kind: ModelKind,
): { route?: string; provider?: string; model?: string } {
  const { route, target } = choice;
  if (target === undefined) return route === undefined ? {} : { route };
  return kind === 'text'
    ? { route, provider: target.instance, model: target.model }
    : { route, model: `${target.instance}:${target.model}` };
}
