import { SwitchyardError } from '../errors/switchyard-error';
import { isProviderDefinition, type ProviderDefinition } from './definition';

/** A lookup of provider definitions by name. */
export interface ProviderRegistry {
  register(definition: ProviderDefinition): void;
  get(name: string): ProviderDefinition | undefined;
  list(): ProviderDefinition[];
}

/** Creates an empty registry; hosts fill it from config or by hand. */
export function createProviderRegistry(
  definitions: ProviderDefinition[] = [],
): ProviderRegistry {
  const byName = new Map<string, ProviderDefinition>();
  const registry: ProviderRegistry = {
    register(definition) {
      if (!isProviderDefinition(definition)) {
        throw new SwitchyardError({
          code: 'invalid_request',
          message:
            'Not a provider definition: it needs name, settingsSchema, models and create().',
        });
      }
      byName.set(definition.name, definition);
    },
    get: (name) => byName.get(name),
    list: () => [...byName.values()],
  };
  for (const definition of definitions) registry.register(definition);
  return registry;
}
