import { SwitchyardError } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeUpstream } from '../fake-upstream';
import type { FakeUpstream } from '../fake-upstream-types';
import { fixtureResponse } from '../fixture-response';

/** What a recorded error must become: any of the error's fields. */
export type ExpectedError = Partial<
  Pick<
    SwitchyardError,
    'code' | 'provider' | 'statusCode' | 'retryAfterMs' | 'isRetryable'
  >
> & {
  /** Text the message must contain. */
  messageContains?: string;
};

/** Options of {@link describeRecordedErrors}. */
export interface RecordedErrorsOptions {
  /** Routes (`'POST /v1/chat'`) that answer each fixture in turn. */
  routes: string[];
  /** Makes one call against the fake upstream at `url`; it must fail. */
  call(url: string): Promise<unknown>;
  /** Fixture path (under the fixtures folder) → what the error must be. */
  cases: Record<string, ExpectedError>;
  /** A secret the call sends; no error may contain it. */
  secret?: string;
}

/**
 * Replays each recorded error response through a fake upstream and checks the
 * SwitchyardError the provider throws: code, status, Retry-After and message.
 */
export function describeRecordedErrors(options: RecordedErrorsOptions): void {
  describe('recorded errors', () => {
    let upstream: FakeUpstream;
    beforeAll(async () => {
      upstream = await createFakeUpstream();
    });
    afterAll(() => upstream.close());

    for (const [fixture, expected] of Object.entries(options.cases)) {
      it(`should map ${fixture} to ${expected.code ?? 'its error'}`, async () => {
        const response = fixtureResponse(fixture);
        for (const route of options.routes)
          upstream.routes[route] = { response };
        const error: unknown = await options.call(upstream.url).then(
          () => new Error('expected the call to fail'),
          (reason: unknown) => reason,
        );
        if (!SwitchyardError.isInstance(error)) {
          throw new Error(`expected a SwitchyardError, got ${String(error)}`, {
            cause: error,
          });
        }
        const { messageContains, ...fields } = expected;
        expect(error).toMatchObject(fields);
        expect(error.provider).toBeTruthy();
        if (messageContains !== undefined) {
          expect(error.message).toContain(messageContains);
        }
        if (options.secret !== undefined) {
          expect(
            JSON.stringify({ ...error, message: error.message }),
          ).not.toContain(options.secret);
        }
      });
    }
  });
}
