import {
  formatTarget,
  type ModelKind,
  type Route,
  type RouteTarget,
} from '@switchyard/core';

/** A target the monitor judges: one in a route, or one a call reached outside them. */
export interface MonitoredTarget {
  /** `instance:model`. */
  key: string;
  target: RouteTarget;
  /** Names of the routes that list it. */
  routes: string[];
  /** The types of those routes. */
  kinds: ModelKind[];
  /** A route that lists it: its breaker settings read a state other replicas shared. */
  route?: Route;
  /** Half the shortest `timeoutMs` of its routes: the default `slowP95Ms`. */
  defaultSlowP95Ms?: number;
}

/**
 * Every target of the routes, in route order, then those calls reached
 * outside the routes (a forced `provider`), by key.
 */
export function monitoredTargets(
  routes: Iterable<Route>,
  others: Iterable<RouteTarget>,
): Map<string, MonitoredTarget> {
  const targets = new Map<string, MonitoredTarget>();
  const entryFor = (target: RouteTarget): MonitoredTarget => {
    const key = formatTarget(target);
    let entry = targets.get(key);
    if (entry === undefined) {
      entry = { key, target, routes: [], kinds: [] };
      targets.set(key, entry);
    }
    return entry;
  };
  for (const route of routes) {
    for (const target of route.targets) {
      const entry = entryFor(target);
      entry.routes.push(route.name);
      if (!entry.kinds.includes(route.kind)) entry.kinds.push(route.kind);
      entry.route ??= route;
      const slow = Math.floor(route.timeoutMs / 2);
      entry.defaultSlowP95Ms = Math.min(entry.defaultSlowP95Ms ?? slow, slow);
    }
  }
  for (const target of others) entryFor(target);
  return targets;
}

/** The target keys of each route type, for the system's state. */
export function targetsByType(
  routes: Iterable<Route>,
): Map<ModelKind, string[]> {
  const types = new Map<ModelKind, string[]>();
  for (const route of routes) {
    const keys = types.get(route.kind) ?? [];
    for (const target of route.targets) {
      const key = formatTarget(target);
      if (!keys.includes(key)) keys.push(key);
    }
    types.set(route.kind, keys);
  }
  return types;
}
