import type { FakeResponse, FakeUpstream } from '@switchyard/testing';
import {
  describeRecordedErrors,
  type ExpectedError,
} from '@switchyard/testing/conformance';
import {
  createReplicate,
  type ReplicateProvider,
  type ReplicateProviderSettings,
} from '../index';

/** The create route of every prediction test. */
export const CREATE = 'POST /predictions';
/** A secret the recorded-error calls send, which no error may contain. */
const SECRET = 'r8_secret_token';

/** Replicate's answer to a cancel (its body is not read). */
export const cancelled: FakeResponse = { type: 'json', status: 200, body: {} };

/** A Replicate provider on the fake upstream at `url`, polling at once. */
export const replicateAt = (
  url: string,
  settings: ReplicateProviderSettings = {},
): ReplicateProvider =>
  createReplicate({
    baseURL: url,
    apiKey: 'r8',
    pollIntervalMs: 1,
    ...settings,
  });

/** The calls the fake upstream saw, as `METHOD /path?query`. */
export const callsOf = (upstream: FakeUpstream): string[] =>
  upstream.calls.map((call) => `${call.method} ${call.url}`);

/**
 * The recorded create errors every prediction model must map the same way,
 * plus `more` of the model's own; `call` makes one call with `provider`.
 */
export function describeCreateErrors(
  call: (provider: ReplicateProvider) => Promise<unknown>,
  more: Record<string, ExpectedError> = {},
): void {
  describeRecordedErrors({
    routes: [CREATE],
    secret: SECRET,
    call: (url) => call(createReplicate({ baseURL: url, apiKey: SECRET })),
    cases: {
      'replicate/error-401.invalid-token.json': {
        code: 'auth',
        messageContains: 'valid authentication token',
      },
      'replicate/error-422.input-validation.json': {
        code: 'invalid_request',
        messageContains: 'Additional property provider is not allowed',
      },
      'replicate/error-429.throttled.json': {
        code: 'rate_limited',
        retryAfterMs: 1_000,
      },
      'replicate/error-500.json': { code: 'server_error' },
      ...more,
    },
  });
}
