import {
  RouteFailedError,
  SwitchyardError,
  toSwitchyardError,
  type TextStreamEvent,
} from '@switchyard/core';
import { redactAttempts } from './secret-redactor';
import { settleFailure, type SettleDeps } from './settle';
import type { StreamRun } from './stream-text';

/**
 * Ends a stream that failed, was cut or was stopped: closes its upstream,
 * frees its hold, records the failure, and returns the `error` event that
 * says why (the server's reason when it stopped the stream) and what text
 * was already sent.
 */
export async function failStream(
  deps: SettleDeps,
  run: StreamRun,
  error: unknown,
): Promise<TextStreamEvent> {
  const { call, started, delivered } = run;
  run.settled = true;
  run.upstream.abort();
  void started?.value.rest.return?.().catch(() => undefined);
  const stopped: unknown = run.registration.signal.reason;
  const failure = SwitchyardError.isInstance(stopped)
    ? stopped
    : toSwitchyardError(error, started?.provider ?? 'switchyard');
  const attempts = RouteFailedError.isInstance(failure)
    ? failure.attempts
    : (started?.attempts ?? []);
  await settleFailure(deps, {
    call,
    hold: run.hold,
    errorCode: failure.code,
    attempts,
  });
  deps.logger.warn(
    {
      requestId: call.requestId,
      id: call.id,
      route: call.route.name,
      code: failure.code,
      incomplete: started !== undefined,
      deliveredChars: delivered.length,
    },
    started === undefined ? 'stream failed' : 'stream cut short',
  );
  return {
    type: 'error',
    id: call.id,
    code: failure.code,
    message: deps.redact(failure.message),
    incomplete: started !== undefined,
    delivered,
    provider: failure.provider,
    retryAfterMs: failure.retryAfterMs,
    attempts: redactAttempts(attempts, deps.redact),
  };
}
