import {
  checkImageResult,
  imageCost,
  SwitchyardError,
  toImageResult,
  type GenerateResult,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type RouteTarget,
} from '@switchyard/core';
import { holdFor } from './admission';
import { createCallContext, type CallContext } from './call-context';
import type { CreditHold } from './credit-hold';
import type { GatewayDeps } from './gateway-deps';
import type { ResumeTaskOptions } from './gateway';
import { UNPRICED, unpricedError } from './price-book';
import { settleClaimed, settleFailure, type SettleDeps } from './settle';

/** What resuming a task uses: its model, its price, its settlement. */
export type ResumeDeps = SettleDeps &
  Pick<
    GatewayDeps,
    'routes' | 'instances' | 'now' | 'priceBook' | 'resolveModel'
  >;

/**
 * Finishes a provider task a job submitted before its process stopped:
 * polls the task (no new submission) to its end, then charges and records
 * it like `generate`. Only task-based image models have tasks.
 */
export async function resumeTask(
  deps: ResumeDeps,
  options: ResumeTaskOptions,
): Promise<GenerateResult> {
  const { target, taskId, signal } = options;
  const call = createCallContext(deps, options);
  const hold = holdFor(deps, call);
  try {
    const model = taskModel(deps, target);
    const hooks = options.taskHooks?.(target);
    // A task the key cannot pay for is not left running at its provider,
    // unless the caller keeps its tasks running (a shutting-down job).
    const stopTask = async () => {
      if (hooks?.cancelTaskOnAbort?.() === false) return;
      await model.cancelTask?.(taskId);
    };
    await admitResumed({ hold, target, stopTask });
    const request = call.request as ImageRequest;
    const value = checkImageResult({
      result: await model.generate(request, {
        signal,
        task: { ...hooks, resumeTaskId: taskId },
      }),
      request,
      capabilities: model.capabilities,
      provider: target.instance,
    });
    const microCredits = imageCost(
      deps.priceBook.chargeableOf(target, 'image'),
      value,
    );
    const result = resumedResult({ call, target, value, microCredits });
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

/** The image model a stored task runs on (`unsupported` for one without tasks). */
function taskModel(
  deps: Pick<GatewayDeps, 'resolveModel'>,
  target: RouteTarget,
): ImageModel {
  const model = deps.resolveModel(target, 'image');
  if (model.kind !== 'image') {
    throw new SwitchyardError({
      code: 'unsupported',
      message: `${target.instance}:${target.model} has no tasks to resume.`,
    });
  }
  return model;
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

/** A resumed task's result: one successful attempt at its target, timed from the resume. */
function resumedResult(options: {
  call: CallContext;
  target: RouteTarget;
  value: ImageModelResult;
  microCredits: number;
}): GenerateResult {
  const { call, target, value, microCredits } = options;
  const latencyMs = call.now() - call.startedAt;
  return toImageResult(
    {
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
    },
    { id: call.id, microCredits },
  );
}
