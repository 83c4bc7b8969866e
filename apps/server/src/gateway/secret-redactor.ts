import { createSecretRedactor as createCoreRedactor } from '@switchyard/core';
import type { Attempt } from '@switchyard/core';

/**
 * Returns a function that replaces every given secret in a text with
 * `[redacted]`, verbatim and in the encodings an upstream may echo it in
 * (JSON escapes, percent-encoding, base64): a last line of defence so a
 * provider error that echoes a credential never reaches a caller, a stored
 * record or a log.
 */
export function createSecretRedactor(
  secrets: readonly string[],
): (text: string) => string {
  const redact = createCoreRedactor(secrets);
  return (text) => redact(text);
}

/** The attempts with their messages scrubbed of credentials, for anything a caller sees or the store keeps. */
export function redactAttempts(
  attempts: readonly Attempt[],
  redact: (text: string) => string,
): Attempt[] {
  return attempts.map((attempt) => ({
    ...attempt,
    message:
      attempt.message === undefined ? undefined : redact(attempt.message),
  }));
}
