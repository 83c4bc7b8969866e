import {
  imageCost,
  musicCost,
  RouteFailedError,
  speechCost,
  SwitchyardError,
  textCost,
  toImageResult,
  toMusicResult,
  toSpeechResult,
  toTextResult,
  toVideoResult,
  toTrainingResult,
  trainingCost,
  trainingStepsBound,
  videoCost,
  videoLengthBoundMs,
  type EngineEvent,
  type GenerateResult,
  type ImageRequest,
  type MusicRequest,
  type SpeechRequest,
  type RouteTarget,
  type TextRequest,
  type VideoRequest,
  type TrainingRequest,
} from '@switchyard/core';
import { admitterFor, holdFor, type AdmitTarget } from './admission';
import type { CallContext } from './call-context';
import type { GatewayDeps } from './gateway-deps';
import { logHedgeLosses } from './hedge-losses';
import { holdEstimate } from './hold-estimate';
import { checkPriced } from './price-book';
import { settleClaimed, settleFailure, type SettleDeps } from './settle';

/** What routing and charging a call uses. */
export type RouteAndChargeDeps = SettleDeps &
  Pick<
    GatewayDeps,
    | 'config'
    | 'instanceQuotas'
    | 'health'
    | 'priceBook'
    | 'resolveModel'
    | 'engine'
  >;

/** Holds credits, runs the engine, then captures the served cost or releases the hold. */
export async function routeAndCharge(
  deps: RouteAndChargeDeps,
  call: CallContext,
): Promise<GenerateResult> {
  const { input, requestId, payer, route, id } = call;
  const hold = holdFor(deps, call);
  const admitTarget = admitterFor(deps, {
    payer,
    hold,
    route: call.route,
    exclusions: call.exclusions,
  });
  try {
    checkPriced({ route, payer, priceBook: deps.priceBook });
    const served = await executeCall(deps, call, admitTarget);
    logHedgeLosses(deps, { call, attempts: served.attempts });
    const result = await settleClaimed(deps, { call, hold, result: served });
    deps.logger.info(
      {
        requestId,
        id,
        type: input.type,
        route: route.name,
        provider: result.provider,
        model: result.model,
        fallbackUsed: result.fallbackUsed,
        attempts: result.attempts.length,
        latencyMs: result.latencyMs,
        microCredits: result.cost.microCredits,
      },
      'generate succeeded',
    );
    return result;
  } catch (error) {
    const errorCode = SwitchyardError.isInstance(error)
      ? error.code
      : 'unknown';
    await settleFailure(deps, {
      call,
      hold,
      errorCode,
      attempts: RouteFailedError.isInstance(error) ? error.attempts : [],
    });
    deps.logger.warn(
      {
        requestId,
        id,
        type: input.type,
        route: route.name,
        code: errorCode,
        message: deps.redact(error instanceof Error ? error.message : ''),
      },
      'generate failed',
    );
    throw error;
  }
}

/** Runs the call through the engine and prices what it served (not yet charged). */
async function executeCall(
  deps: Pick<GatewayDeps, 'engine' | 'priceBook' | 'resolveModel'>,
  call: CallContext,
  admitTarget: AdmitTarget,
): Promise<GenerateResult> {
  const { engine, priceBook } = deps;
  const { route, signal, id } = call;
  const onEvent = attemptListener(call.onAttemptStart);
  // What the credit hold would hold at a target: a hedge's price cap, and
  // what a hedge that lost is recorded as costing the gateway.
  const estimateCost = holdEstimate({
    kind: route.kind,
    request: call.request,
    priceBook,
    resolveModel: deps.resolveModel,
  });
  const routed = { route, signal, admitTarget, onEvent, estimateCost };
  if (call.input.type === 'image') {
    const served = await engine.executeImage({
      ...routed,
      request: call.request as ImageRequest,
      taskHooks: call.taskHooks,
    });
    const cost = priceBook.chargeableOf(servedTarget(served), 'image');
    return toImageResult(served, {
      id,
      microCredits: imageCost(cost, served.value),
    });
  }
  if (call.input.type === 'speech') {
    const request = call.request as SpeechRequest;
    const served = await engine.executeSpeech({
      ...routed,
      request,
      taskHooks: call.taskHooks,
    });
    const cost = priceBook.chargeableOf(servedTarget(served), 'speech');
    return toSpeechResult(served, {
      id,
      characters: request.text.length,
      microCredits: speechCost(cost, served.value, request),
    });
  }
  if (call.input.type === 'music') {
    const request = call.request as MusicRequest;
    const served = await engine.executeMusic({
      ...routed,
      request,
      taskHooks: call.taskHooks,
    });
    const cost = priceBook.chargeableOf(servedTarget(served), 'music');
    return toMusicResult(served, {
      id,
      microCredits: musicCost(cost, served.value, request),
    });
  }
  if (call.input.type === 'video') return executeVideo(deps, call, routed);
  if (call.input.type === 'training') {
    return executeTraining(deps, call, routed);
  }
  const request = call.request as TextRequest;
  const served = await engine.executeText({ ...routed, request });
  const cost = priceBook.chargeableOf(servedTarget(served), 'text');
  return toTextResult(served, {
    id,
    microCredits: textCost(cost, served.value, request),
  });
}

/** A video call: priced by the seconds it returned, never past the length held for. */
async function executeVideo(
  deps: Pick<GatewayDeps, 'engine' | 'priceBook' | 'resolveModel'>,
  call: CallContext,
  routed: Omit<Parameters<GatewayDeps['engine']['executeVideo']>[0], 'request'>,
): Promise<GenerateResult> {
  const request = call.request as VideoRequest;
  const served = await deps.engine.executeVideo({
    ...routed,
    request,
    taskHooks: call.taskHooks,
  });
  const target = servedTarget(served);
  const cost = deps.priceBook.chargeableOf(target, 'video');
  const model = deps.resolveModel(target, 'video');
  const lengths =
    model.kind === 'video'
      ? model.capabilities
      : { defaultDurationMs: served.value.video.durationMs };
  return toVideoResult(served, {
    id: call.id,
    microCredits: videoCost(
      cost,
      served.value,
      videoLengthBoundMs(request, lengths),
    ),
  });
}

/** A training run: priced per run and per step it took, never past the steps held for. */
async function executeTraining(
  deps: Pick<GatewayDeps, 'engine' | 'priceBook' | 'resolveModel'>,
  call: CallContext,
  routed: Omit<
    Parameters<GatewayDeps['engine']['executeTraining']>[0],
    'request'
  >,
): Promise<GenerateResult> {
  const request = call.request as TrainingRequest;
  const served = await deps.engine.executeTraining({
    ...routed,
    request,
    taskHooks: call.taskHooks,
  });
  const target = servedTarget(served);
  const cost = deps.priceBook.chargeableOf(target, 'training');
  const model = deps.resolveModel(target, 'training');
  const bound = trainingStepsBound(
    request,
    model.kind === 'training'
      ? model.capabilities
      : { defaultSteps: served.value.steps ?? 1 },
  );
  return toTrainingResult(served, {
    id: call.id,
    request,
    microCredits: trainingCost(cost, served.value.steps, bound),
  });
}

/** The target that served a call. */
export function servedTarget(served: {
  provider: string;
  model: string;
}): RouteTarget {
  return { instance: served.provider, model: served.model };
}

/** An engine listener that reports each attempt's start to `onAttemptStart`. */
function attemptListener(
  onAttemptStart: ((target: RouteTarget) => void) | undefined,
): ((event: EngineEvent) => void) | undefined {
  if (onAttemptStart === undefined) return undefined;
  return (event) => {
    if (event.type === 'attempt-start') onAttemptStart(event.target);
  };
}
