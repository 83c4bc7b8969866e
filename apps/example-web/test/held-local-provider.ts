import { defineProvider, type Provider } from '@switchyard/core';
import {
  switchyardProvider as local,
  type LocalSettings,
} from '@switchyard/providers-local';

let hold: Promise<void> | undefined;

/**
 * Holds every image call of {@link switchyardProvider} until `release` is
 * called, so a test can see a job running before it ends (no sleeps).
 */
export function holdImages(): { release(): void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  hold = gate;
  return {
    release() {
      if (hold === gate) hold = undefined;
      release();
    },
  };
}

/**
 * The offline `local` provider, whose image calls wait while a test holds
 * them ({@link holdImages}); otherwise the same. Load it with `use:` and this
 * file's path.
 */
export const switchyardProvider = defineProvider<LocalSettings>({
  ...local,
  name: 'held-local',
  description: 'The local provider, with image calls a test can hold.',
  create(settings, context): Provider {
    const inner = local.create(settings, context);
    return {
      ...inner,
      imageModel(modelId) {
        const model = inner.imageModel(modelId);
        return {
          ...model,
          async generate(request, options) {
            await hold;
            return model.generate(request, options);
          },
        };
      },
    };
  },
});
