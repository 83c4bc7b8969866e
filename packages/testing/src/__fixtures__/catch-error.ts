import { SwitchyardError } from '@switchyard/core';

/** The SwitchyardError a call failed with; throws if it succeeded or failed otherwise. */
export async function catchError(
  promise: Promise<unknown>,
): Promise<SwitchyardError> {
  const outcome: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
  if (SwitchyardError.isInstance(outcome)) return outcome;
  throw new Error(`expected a SwitchyardError, got ${String(outcome)}`);
}
