import type { Attempt } from '@switchyard/core';
const REDACTED = '[redacted]';

/**
 * Returns a function that replaces every given secret in a text with
 * `[redacted]`: a last line of defence so a provider error that echoes a
 * credential never reaches a caller or a log.
 */
export function createSecretRedactor(
  secrets: readonly string[],
): (text: string) => string {
  const distinct = [...new Set(secrets.filter((secret) => secret !== ''))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((left, right) => right.length - left.length);
  if (distinct.length === 0) return (text) => text;
  return (text) =>
    distinct.reduce(
      (redacted, secret) => redacted.replaceAll(secret, REDACTED),
      text,
    );
}

/** The attempts with their messages scrubbed of credentials, for anything a caller sees. */
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
