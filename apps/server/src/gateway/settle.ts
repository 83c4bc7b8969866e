import {
  SwitchyardError,
  type Attempt,
  type ErrorCode,
  type GenerateResult,
  type GenerationOutcome,
} from '@switchyard/core';
import { keepOutputs } from '../artifacts/keep-outputs';
import type { CallContext } from './call-context';
import { chargeResult } from './charge-result';
import type { CreditHold } from './credit-hold';
import type { GatewayDeps } from './gateway-deps';
import { isHandedOver } from './handover';
import { redactAttempts } from './secret-redactor';
import { rememberTrainedModel } from './trained-models';

/** What settling a call uses: its log, the credential scrubber for stored attempts, the output keeper. */
export type SettleDeps = Pick<
  GatewayDeps,
  'logger' | 'redact' | 'artifactKeeper'
>;

/** A call that has ended, with its credit hold (none without a payer). */
interface Ended<TResult> {
  call: CallContext;
  hold: CreditHold | undefined;
  result: TResult;
}

/**
 * Ends a served call: charges its cost once, never past its hold, and
 * records it with its result; returns the result with the cost charged.
 */
export async function settleSuccess<TResult extends GenerateResult>(
  deps: SettleDeps,
  ended: Ended<TResult>,
): Promise<TResult> {
  const { call } = ended;
  const { result, uncharged } = await chargeResult({
    hold: ended.hold,
    result: ended.result,
    logger: deps.logger,
    requestId: call.requestId,
  });
  await recordEnd(deps, call, {
    status: 'succeeded',
    provider: result.provider,
    model: result.model,
    costMicroCredits: result.cost.microCredits,
    unchargedMicroCredits: uncharged,
    result,
    attempts: result.attempts,
  });
  return result;
}

/**
 * Settles a served call that may have a rival run ({@link GenerateOptions.claimResult}):
 * the run that claims keeps its outputs (`artifacts`) and is charged; one
 * that loses frees its hold, is recorded as cancelled and throws.
 */
export async function settleClaimed(
  deps: SettleDeps,
  ended: Ended<GenerateResult>,
): Promise<GenerateResult> {
  const { call, hold, result } = ended;
  if (call.claimResult === undefined || call.claimResult()) {
    const kept = await keepOutputs(deps, { call, result });
    await rememberTrainedModel({
      result: kept,
      trainedModels: call.trainedModels,
      payer: call.payer,
    });
    return settleSuccess(deps, { ...ended, result: kept });
  }
  await settleFailure(deps, {
    call,
    hold,
    errorCode: 'cancelled',
    attempts: result.attempts,
  });
  throw new SwitchyardError({
    code: 'cancelled',
    provider: result.provider,
    message: `The result of ${result.provider}:${result.model} came after another run of the same job had finished; it was dropped and not charged.`,
  });
}

/**
 * Ends a failed call: frees its credit hold and records the failure (which
 * frees its idempotency key). Errors here are logged, not thrown: the
 * sweeper frees a hold whose release failed, and the caller's own error
 * matters more.
 */
export async function settleFailure(
  deps: SettleDeps,
  failed: {
    call: CallContext;
    hold: CreditHold | undefined;
    errorCode: ErrorCode;
    attempts: Attempt[];
  },
): Promise<void> {
  const { call, hold, errorCode, attempts } = failed;
  const { logger } = deps;
  await hold?.release().catch((releaseError: unknown) => {
    logger.error(
      { err: releaseError, id: call.id },
      'releasing a credit hold failed',
    );
  });
  // A job handed over to another process at shutdown did not fail: it is
  // recorded where it ends (a claimed idempotency key is still freed).
  if (isHandedOver(call.signal?.reason) && !call.begun) return;
  await recordEnd(deps, call, { status: 'failed', errorCode, attempts }).catch(
    (recordError: unknown) => {
      logger.error(
        { err: recordError, id: call.id },
        'recording a failed call failed',
      );
    },
  );
}

/**
 * Records how a call ended: finishes its begun record (awaited: a claimed
 * idempotency key must be settled before the answer, or a retry would run
 * the call again), or writes it whole without waiting: the record is the
 * call's history (its charge is already in the ledger), the store groups it
 * with other calls' records into one commit, and its reads wait for it.
 * A failed write is logged.
 */
export async function recordEnd(
  deps: Pick<GatewayDeps, 'redact' | 'logger'>,
  call: CallContext,
  ended: GenerationOutcome,
): Promise<void> {
  const { generations } = call;
  if (generations === undefined) return;
  // Attempts carry upstream messages: stored records never hold a key.
  const outcome: GenerationOutcome =
    ended.attempts === undefined
      ? ended
      : { ...ended, attempts: redactAttempts(ended.attempts, deps.redact) };
  if (call.begun) {
    await generations.finish(call.id, outcome);
    return;
  }
  generations
    .record({
      id: call.id,
      keyId: call.payer?.keyId ?? '',
      subject: call.payer?.subject,
      requestHash: call.requestHash,
      route: call.route.name,
      createdAt: call.startedAt,
      ...outcome,
    })
    .catch((error: unknown) => {
      deps.logger.error({ err: error, id: call.id }, 'recording a call failed');
    });
}
