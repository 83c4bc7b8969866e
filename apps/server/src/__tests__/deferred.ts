/** A promise with the functions that settle it, for a test that decides when something ends. */
export interface Deferred<TValue> {
  promise: Promise<TValue>;
  resolve(value: TValue): void;
  reject(error: unknown): void;
}

/** Creates a {@link Deferred} (Node 20 has no `Promise.withResolvers`). */
export function deferred<TValue = void>(): Deferred<TValue> {
  let resolve: (value: TValue) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<TValue>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}
