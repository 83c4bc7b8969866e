import {
  defineProvider,
  type Provider,
  type TextStreamPart,
} from '@switchyard/core';
import {
  switchyardProvider as local,
  type LocalSettings,
} from '@switchyard/providers-local';

/** A gate a test opens: one step at a time, or for good. */
class Gate {
  private permits = 0;
  private open = false;
  private waiters: (() => void)[] = [];

  wait(): Promise<void> {
    if (this.open) return Promise.resolve();
    if (this.permits > 0) {
      this.permits -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  step(): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) this.permits += 1;
    else waiter();
  }

  release(): void {
    this.open = true;
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

let textGate: Gate | undefined;
let mediaGate: Gate | undefined;

/**
 * Holds every streamed text part after the first until the test lets it
 * through (`step`: one more part; `release`: the rest), so a test sees the
 * answer grow one part at a time, with no sleeps.
 */
export function gateTextStreams(): { step(): void; release(): void } {
  const gate = new Gate();
  textGate = gate;
  return {
    step: () => gate.step(),
    release: () => {
      if (textGate === gate) textGate = undefined;
      gate.release();
    },
  };
}

/** Holds every video and music call until `release`, so a test sees its job running first. */
export function holdMedia(): { release(): void } {
  const gate = new Gate();
  mediaGate = gate;
  return {
    release: () => {
      if (mediaGate === gate) mediaGate = undefined;
      gate.release();
    },
  };
}

function required<T>(model: T | undefined): T {
  if (model === undefined)
    throw new Error('the local provider lost a model kind');
  return model;
}

async function* gated(
  parts: AsyncIterable<TextStreamPart>,
  gate: Gate | undefined,
): AsyncGenerator<TextStreamPart> {
  let sent = 0;
  for await (const part of parts) {
    if (part.type === 'text-delta' && sent > 0) await gate?.wait();
    if (part.type === 'text-delta') sent += 1;
    yield part;
  }
}

/**
 * The offline `local` provider, whose streams and video and music calls a
 * test can hold ({@link gateTextStreams}, {@link holdMedia}); otherwise the
 * same. Load it with `use:` and this file's path.
 */
export const switchyardProvider = defineProvider<LocalSettings>({
  ...local,
  name: 'gated-local',
  description: 'The local provider, with streams and media a test can hold.',
  create(settings, context): Provider {
    const inner = local.create(settings, context);
    return {
      ...inner,
      textModel(modelId) {
        const model = inner.textModel(modelId);
        const stream = model.stream?.bind(model);
        if (stream === undefined) return model;
        return {
          ...model,
          async stream(request, options) {
            const gate = textGate;
            const result = await stream(request, options);
            return { ...result, parts: gated(result.parts, gate) };
          },
        };
      },
      videoModel(modelId) {
        const model = required(inner.videoModel?.(modelId));
        return {
          ...model,
          async generate(request, options) {
            await mediaGate?.wait();
            return model.generate(request, options);
          },
        };
      },
      musicModel(modelId) {
        const model = required(inner.musicModel?.(modelId));
        return {
          ...model,
          async generate(request, options) {
            await mediaGate?.wait();
            return model.generate(request, options);
          },
        };
      },
    };
  },
});
