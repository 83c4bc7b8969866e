import { fileURLToPath } from 'node:url';
import type { LoadedConfig } from './config/load-config';

/**
 * Where the package's build puts the web console: `dist/console`. This
 * module runs from `src/` (source) or is bundled into a file of `dist/`
 * (built): `../dist/console` names that folder from either, so it stays at
 * the top of `src/`.
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(
  new URL('../dist/console/', import.meta.url),
);

/**
 * The console's folder: `consoleDir` (default {@link DEFAULT_CONSOLE_DIR}),
 * or none when it is `false` or the config says `console.enabled: false`.
 */
export function consoleDirOf(
  options: { consoleDir?: string | false },
  config: LoadedConfig,
): string | undefined {
  if (options.consoleDir === false) return undefined;
  if (config.config.console?.enabled === false) return undefined;
  return options.consoleDir ?? DEFAULT_CONSOLE_DIR;
}
