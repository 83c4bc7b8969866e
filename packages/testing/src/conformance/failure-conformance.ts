import type { ModelKind } from '@switchyard/core';
import { expect, it, vi } from 'vitest';
import {
  API_KEY,
  GENERIC_ERROR_BODY,
  STATUS_CASES,
  failure,
} from './conformance-shared';
import { resultProblem } from './kind-checks';
import type { ModelHarness } from './model-harness';

/**
 * An unusable success body must end as `invalid_response`: thrown by the
 * model, or (for audio, which a model may hand over undecoded) as audio that
 * does not decode, which the gateway's result check turns into that code.
 */
async function expectInvalidResponse(options: {
  kind: ModelKind;
  call: Promise<unknown>;
  request: unknown;
}): Promise<void> {
  const { kind, request } = options;
  if (kind === 'speech' || kind === 'music') {
    const outcome = await options.call.then(
      (result: unknown) => ({ result }),
      () => undefined,
    );
    if (outcome !== undefined) {
      const problem = await resultProblem({ kind, request, ...outcome });
      expect(
        problem,
        'audio from an unusable body must not decode',
      ).toBeDefined();
      return;
    }
  }
  const error = await failure(options.call);
  expect(error.code).toBe('invalid_response');
}

/** Each standard status, and an HTML error page, mapped to its code. */
export function describeStatusFailures(harness: ModelHarness): void {
  for (const testCase of STATUS_CASES) {
    it(`should map HTTP ${testCase.status} to ${testCase.code}`, async () => {
      harness.failWith({
        type: 'error',
        status: testCase.status,
        headers: testCase.headers,
        body: GENERIC_ERROR_BODY,
      });
      const error = await failure(
        harness.generate(harness.modelOf(harness.provider())),
      );
      expect(error.code).toBe(testCase.code);
      expect(error.statusCode).toBe(testCase.status);
      expect(error.provider).toBeTruthy();
      if (testCase.retryAfterMs !== undefined) {
        expect(error.retryAfterMs).toBe(testCase.retryAfterMs);
      }
      expect(
        JSON.stringify({
          error,
          message: error.message,
          body: error.responseBody,
        }),
      ).not.toContain(API_KEY);
    });
  }

  it('should describe an HTML error page instead of failing to parse it', async () => {
    harness.failWith({
      type: 'error',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
    });
    const error = await failure(
      harness.generate(harness.modelOf(harness.provider())),
    );
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTML');
  });
}

/** Unusable success bodies and a reset connection. */
export function describeBodyFailures(harness: ModelHarness): void {
  const { kind, model } = harness;
  const call = () => harness.generate(harness.modelOf(harness.provider()));
  if (!harness.suite.skip?.includes('malformed-json')) {
    it('should answer a malformed success body with invalid_response, not a crash', async () => {
      harness.failWith({
        type: 'binary',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"this is": not json',
      });
      await expectInvalidResponse({
        kind,
        call: call(),
        request: model.request,
      });
    });
  }

  it('should answer an empty success body with invalid_response', async () => {
    harness.failWith({ type: 'empty', status: 200 });
    await expectInvalidResponse({ kind, call: call(), request: model.request });
  });

  it('should map a connection reset to network', async () => {
    harness.failWith({ type: 'reset' });
    const error = await failure(call());
    expect(error.code).toBe('network');
  });
}

/** An abort closes the upstream request; a missing key fails before any request. */
export function describeCancelAndKey(harness: ModelHarness): void {
  it("should stop the upstream request when the caller's signal aborts", async () => {
    harness.failWith({ type: 'hang' });
    const controller = new AbortController();
    const call = harness.generate(
      harness.modelOf(harness.provider()),
      controller.signal,
    );
    await vi.waitFor(() => {
      expect(harness.upstream().calls).toHaveLength(1);
    });
    controller.abort();
    const error = await failure(call);
    expect(error.code).toBe('cancelled');
    expect(await harness.upstream().calls[0]?.ended).toBe('closed-early');
  });

  const variable = harness.suite.apiKeyVariable;
  if (variable === undefined) return;
  it(`should fail with auth, before any request, when neither apiKey nor ${variable} is set`, async () => {
    vi.stubEnv(variable, '');
    try {
      const target = harness.suite.create({ baseURL: harness.baseURL() });
      const error = await failure(harness.generate(harness.modelOf(target)));
      expect(error.code).toBe('auth');
      expect(error.message).toContain(variable);
      expect(harness.upstream().calls).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
}
