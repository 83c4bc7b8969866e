import { SwitchyardError, type SwitchyardStore } from '@switchyard/core';
import { afterAll, beforeAll } from 'vitest';

/** What every area of the store conformance works with: one open store and the clock it reads. */
export interface StoreHarness {
  /** The store under test: opened before the first test, closed after the last. */
  readonly store: SwitchyardStore;
  /** The store's time; a test moves it forward to expire holds, claims and leases. */
  clock: number;
}

/**
 * Opens a store with `open` before the enclosing suite's first test and
 * closes it after its last. The areas share it, in order: later tests see
 * earlier tests' rows and clock.
 */
export function openStoreHarness(
  open: (options: { now: () => number }) => Promise<SwitchyardStore>,
): StoreHarness {
  let opened: SwitchyardStore | undefined;
  const harness = {
    clock: 1_700_000_000_000,
    get store(): SwitchyardStore {
      if (opened === undefined) {
        throw new Error('The store opens before the first test, not before.');
      }
      return opened;
    },
  };
  beforeAll(async () => {
    opened = await open({ now: () => harness.clock });
  });
  afterAll(() => opened?.close());
  return harness;
}

/** A job's input, as a caller would submit it. */
export const jobInput = { type: 'image', prompt: 'a fox' };

/** The SwitchyardError `call` fails with; throws if it succeeds or fails otherwise. */
export async function failure(
  call: Promise<unknown>,
): Promise<SwitchyardError> {
  const error: unknown = await call.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error)) {
    throw new Error(`expected a SwitchyardError, got ${String(error)}`, {
      cause: error,
    });
  }
  return error;
}
