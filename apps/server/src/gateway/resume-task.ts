import {
  SwitchyardError,
  type GenerateResult,
  type RoutedCall,
  type RouteTarget,
} from '@switchyard/core';
import { holdFor } from './admission';
import { createCallContext, type CallContext } from './call-context';
import type { CreditHold } from './credit-hold';
import type { GatewayDeps } from './gateway-deps';
import type { RankDeps } from './rank-route';
import type { ResumeTaskOptions } from './gateway';
import { UNPRICED, unpricedError } from './price-book';
import { finishResumed, taskModelOf } from './resumed-call';
import { settleClaimed, settleFailure, type SettleDeps } from './settle';

/** What resuming a task uses: its model, its price, its settlement. */
export type ResumeDeps = SettleDeps &
  Pick<
    GatewayDeps,
    'routes' | 'instances' | 'now' | 'priceBook' | 'resolveModel'
  > &
  RankDeps;

/**
 * Finishes a provider task a job submitted before its process stopped:
 * polls the task (no new submission) to its end, then charges and records
 * it like `generate`. Task-based image, speech and music models have tasks.
 */
export async function resumeTask(
  deps: ResumeDeps,
  options: ResumeTaskOptions,
): Promise<GenerateResult> {
  const { target, taskId, signal } = options;
  const call = createCallContext(deps, options);
  const hold = holdFor(deps, call);
  try {
    const model = taskModelOf({
      resolveModel: deps.resolveModel,
      target,
      kind: call.route.kind,
    });
    const hooks = options.taskHooks?.(target);
    // A task the key cannot pay for is not left running at its provider,
    // unless the caller keeps its tasks running (a shutting-down job).
    const stopTask = async () => {
      if (hooks?.cancelTaskOnAbort?.() === false) return;
      await model.cancelTask?.(taskId);
    };
    await admitResumed({ hold, target, stopTask });
    const result = await finishResumed({
      model,
      request: call.request,
      callOptions: { signal, task: { ...hooks, resumeTaskId: taskId } },
      target,
      priceBook: deps.priceBook,
      routed: (value) => resumedCall({ call, target, value }),
      id: call.id,
    });
    return await settleClaimed(deps, { call, hold, result });
  } catch (error) {
    await settleFailure(deps, {
      call,
      hold,
      errorCode: SwitchyardError.isInstance(error) ? error.code : 'unknown',
      attempts: [],
    });
    throw error;
  }
}

/**
 * Holds what the resumed task may cost; a key that cannot pay stops the
 * task and throws (`quota_exceeded`, or `invalid_request` when it has no price).
 */
async function admitResumed(options: {
  hold: CreditHold | undefined;
  target: RouteTarget;
  stopTask: () => Promise<void>;
}): Promise<void> {
  const { hold, target, stopTask } = options;
  const verdict = await hold?.admit(target).catch(async (error: unknown) => {
    await stopTask();
    throw error;
  });
  if (verdict === undefined) return;
  await stopTask();
  if (verdict.skip === UNPRICED) throw unpricedError([target]);
  throw new SwitchyardError({
    code: 'quota_exceeded',
    message: `The key cannot pay for the resumed ${target.instance} task (${verdict.skip}).`,
  });
}

/** A resumed task's call: one successful attempt at its target, timed from the resume. */
function resumedCall<TValue>(options: {
  call: CallContext;
  target: RouteTarget;
  value: TValue;
}): RoutedCall<TValue> {
  const { call, target, value } = options;
  const latencyMs = call.now() - call.startedAt;
  return {
    value,
    provider: target.instance,
    model: target.model,
    fallbackUsed: false,
    attempts: [
      {
        provider: target.instance,
        model: target.model,
        outcome: 'success',
        latencyMs,
      },
    ],
    latencyMs,
  };
}
