import { createRoute, type Route } from '@switchyard/core';
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
          message: `"${target.instance}:${target.model}" is not a ${route.kind} model: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    routes.set(name, route);
  }
  if (issues.length > 0) throw new ConfigError({ file: config.file, issues });
  return routes;
}
