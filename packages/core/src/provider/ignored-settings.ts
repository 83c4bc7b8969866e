import type { Warning } from '../schemas/common';
import { unsupportedSetting } from './provider-options';

/**
 * One `unsupported-setting` warning for each of `settings` the request sets:
 * the settings a model ignores.
 *
 * @example
 * const warnings = ignoredSettings(request, ['negativePrompt', 'referenceImages']);
 */
export function ignoredSettings<TRequest extends object>(
  request: TRequest,
  settings: ReadonlyArray<keyof TRequest & string>,
): Warning[] {
  return settings
    .filter((setting) => request[setting] !== undefined)
    .map((setting) => unsupportedSetting({ setting }));
}
