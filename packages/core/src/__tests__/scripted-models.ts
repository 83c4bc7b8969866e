import {
  SwitchyardError,
  type ErrorCode,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Route,
  type RouteTarget,
} from '../index';
import { ROUTE_DEFAULTS } from '../engine/route';

/** What one scripted call does. */
export type Step =
  | { kind: 'ok'; latencyMs?: number }
  | {
      kind: 'fail';
      code: ErrorCode;
      retryAfterMs?: number;
      latencyMs?: number;
    };

/** A log entry per call any scripted model receives, in order. */
export interface CallLogEntry {
  instance: string;
  request: ImageRequest;
  signal: AbortSignal;
  /** Clock time when the call started. */
  at: number;
  /** Clock time when the script would let the call settle, if not aborted. */
  plannedSettleAt?: number;
}

/**
 * Image models whose calls follow a script per target (the last step repeats),
 * logging every call so tests can check order, counts and what was received.
 */
export function scriptedModels(scripts: Record<string, Step[]>) {
  const log: CallLogEntry[] = [];
  const callCount = new Map<string, number>();
  const resolveModel = (target: RouteTarget): ImageModel => ({
    kind: 'image',
    provider: target.instance,
    modelId: target.model,
    capabilities: {
      maxImagesPerCall: 4,
      sizes: { minWidth: 16, maxWidth: 2048, minHeight: 16, maxHeight: 2048 },
      seed: true,
      negativePrompt: true,
    },
    async generate(request, options): Promise<ImageModelResult> {
      const signal = options.signal ?? new AbortController().signal;
      const entry: CallLogEntry = {
        instance: target.instance,
        request,
        signal,
        at: Date.now(),
      };
      log.push(entry);
      return runStep(entry);
    },
  });
  async function runStep(entry: CallLogEntry): Promise<ImageModelResult> {
    const { signal } = entry;
    const target = { instance: entry.instance };
    const count = callCount.get(target.instance) ?? 0;
    callCount.set(target.instance, count + 1);
    const script = scripts[target.instance] ?? [{ kind: 'ok' }];
    const step = script[Math.min(count, script.length - 1)] ?? { kind: 'ok' };
    entry.plannedSettleAt = entry.at + (step.latencyMs ?? 0);
    if (step.latencyMs) await abortableDelay(step.latencyMs, signal);
    if (step.kind === 'fail') {
      throw new SwitchyardError({
        code: step.code,
        provider: target.instance,
        message: `scripted ${step.code}`,
        retryAfterMs: step.retryAfterMs,
      });
    }
    return {
      images: [
        {
          // A whole 16×16 PNG: results pass core's result check.
          base64:
            'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4z8BAEiJN9aiGUQ1DSgMAkPn/Afnh+ngAAAAASUVORK5CYII=',
          mimeType: 'image/png',
          width: 16,
          height: 16,
        },
      ],
      warnings: [],
    };
  }
  return {
    log,
    resolveModel,
    callsTo: (instance: string) => callCount.get(instance) ?? 0,
  };
}

function abortableDelay(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, delayMs);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/** A route over the given instances with fast, deterministic defaults. */
export function testRoute(
  instances: string[],
  overrides: Partial<Route> = {},
): Route {
  return {
    name: 'image',
    kind: 'image',
    targets: instances.map((instance) => ({
      instance,
      model: `${instance}-model`,
    })),
    retry: {
      ...ROUTE_DEFAULTS.retry,
      baseDelayMs: 10,
      maxDelayMs: 100,
      maxRetryAfterMs: 1_000,
    },
    breaker: { failureThreshold: 3, halfOpenAfterMs: 1_000 },
    timeoutMs: 5_000,
    deadlineMs: 60_000,
    strategy: 'ordered',
    fastest: { ...ROUTE_DEFAULTS.fastest },
    budgets: { ...ROUTE_DEFAULTS.budgets },
    ...overrides,
  };
}
