import {
  createRoute,
  type ModelKind,
  type Route,
  type RouteTarget,
} from '@switchyard/core';
import { ConfigError, formatConfigPath } from '../config/config-error';
import type { LoadedConfig } from '../config/load-config';
import type { ResolveModel } from './gateway-deps';

/**
 * Builds the config's routes by name, checking that each target resolves to
 * a model of its route's kind; throws a ConfigError naming every target
 * that does not.
 */
export function createRoutes(options: {
  config: LoadedConfig;
  resolveModel: ResolveModel;
}): Map<string, Route> {
  const { config, resolveModel } = options;
  const routes = new Map<string, Route>();
  const issues: Array<{ path: string; message: string }> = [];
  for (const [name, settings] of Object.entries(config.config.routes)) {
    const route = createRoute({ name, settings });
    for (const [index, target] of route.targets.entries()) {
      try {
        resolveModel(target, route.kind);
      } catch (error) {
        issues.push({
          path: formatConfigPath(['routes', name, 'targets', index]),
          message: targetIssue({ target, kind: route.kind, error }),
        });
      }
    }
    routes.set(name, route);
  }
  if (issues.length > 0) throw new ConfigError({ file: config.file, issues });
  return routes;
}

/** Why a target cannot serve its route: the resolver's reason, naming the target. */
function targetIssue(options: {
  target: RouteTarget;
  kind: ModelKind;
  error: unknown;
}): string {
  const named = `"${options.target.instance}:${options.target.model}"`;
  const reason =
    options.error instanceof Error
      ? options.error.message
      : String(options.error);
  // The resolver's own reason may already name the target ("… serves text").
  if (reason.startsWith(named)) return reason;
  const article = /^[aeiou]/.test(options.kind) ? 'an' : 'a';
  return `${named} is not ${article} ${options.kind} model: ${reason}`;
}
