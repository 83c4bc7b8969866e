import {
  SwitchyardError,
  type CallOptions,
  type Model,
} from '@switchyard/core';

/**
 * Wraps a model so each call is bounded by its instance's `timeoutMs`: the
 * call's signal is aborted and the call rejects with a `timeout` error, even
 * when the model ignores its signal. The route's own timeout still applies.
 */
export function withInstanceTimeout<TModel extends Model>(options: {
  model: TModel;
  instance: string;
  timeoutMs: number;
}): TModel {
  const { model, instance, timeoutMs } = options;
  const generate = (request: never, callOptions: CallOptions) =>
    callWithTimeout({
      call: (signal) =>
        (
          model.generate as (
            request: never,
            options: CallOptions,
          ) => Promise<unknown>
        )(request, { ...callOptions, signal }),
      signal: callOptions.signal,
      timeoutMs,
      instance,
    });
  // A proxy, not a copy: getters and private fields keep working on the model.
  return new Proxy(model, {
    get: (target, key) =>
      key === 'generate' ? generate : Reflect.get(target, key, target),
  });
}

async function callWithTimeout<TValue>(options: {
  call: (signal: AbortSignal) => Promise<TValue>;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  instance: string;
}): Promise<TValue> {
  const { signal, timeoutMs, instance } = options;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new SwitchyardError({
        code: 'timeout',
        provider: instance,
        message: `${instance} did not answer within ${timeoutMs} ms (the instance's timeoutMs).`,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([options.call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
