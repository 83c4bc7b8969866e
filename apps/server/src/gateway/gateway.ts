import { randomBytes } from 'node:crypto';
import {
  SingleFlight,
  createMemoryResultCache,
  createRoute,
  createRoutingEngine,
  resultCacheKey,
  RouteFailedError,
  ROUTE_DEFAULTS,
  checkImageResult,
  toSwitchyardError,
  imageCost,
  formatTarget,
  pickRequest,
  SwitchyardError,
  textCost,
  toImageResult,
  toTextResult,
  type Attempt,
  type CreditLedger,
  type GenerationOutcome,
  type GenerationStore,
  type EngineEvent,
  type GenerateInput,
  type GenerateResult,
  type ImageRequest,
  type Model,
  type ModelKind,
  type ResultCache,
  type Route,
  type RouteTarget,
  type RoutedCall,
  type SharedBreakerStates,
  type TaskCallOptions,
  type TextRequest,
  type TextStreamEvent,
  type TextStreamInput,
  type TextStreamStart,
} from '@switchyard/core';
import { ConfigError, formatConfigPath } from '../config/config-error';
import type { LoadedConfig } from '../config/load-config';
import { withSecretRedaction, type Logger } from '../logger';
import { createProviderInstances } from '../providers/create-provider-instances';
import {
  listProviders,
  reportHealth,
  type ProviderListing,
  type TargetHealthReport,
} from './provider-reports';
import type { Redis } from 'ioredis';
import type { SharedHealth } from '../shared-state/redis-shared-state';
import { createWindowCounter } from '../limits/key-rate-limiter';
import { chargeResult } from './charge-result';
import type { CreditHold } from './credit-hold';
import { boundedRequest, createHoldFor } from './hold-estimate';
import {
  checkPriced,
  createPriceBook,
  UNPRICED,
  unpricedError,
} from './price-book';
import { createEventChannel } from './event-channel';
import { claimKey, hashRequest } from './idempotency';
import { createSecretRedactor, redactAttempts } from './secret-redactor';
import { createStreamRegistry } from './stream-registry';

/**
 * How long past a route's deadline a credit hold lives before the sweeper
 * may free it: the engine ends every call by its deadline, so this only
 * covers settling the charge.
 */
const HOLD_MARGIN_MS = 5_000;
import { nextPart } from './next-part';
import { selectRoute } from './select-route';
import { withInstanceTimeout } from './with-instance-timeout';

/** Options of {@link Gateway.generate}. */
export interface GenerateOptions {
  /** A validated `generate` input (the tRPC input parser has checked it). */
  input: GenerateInput;
  /** The caller's signal: a client that goes away aborts the upstream call. */
  signal?: AbortSignal;
  /** Correlates log lines with the HTTP request. */
  requestId?: string;
  /**
   * Who pays: the caller's key and the ledger to charge. Without them (auth
   * off, no key sent) the call is served and not charged.
   */
  payer?: {
    keyId: string;
    ledger: CreditLedger;
    /** Provider instances the key may reach; other targets are skipped. */
    allowedProviders?: string[];
  };
  /** Where the call is recorded (and idempotency keys are kept). */
  generations?: GenerationStore;
  /** Task hooks per target (durable jobs persist the provider's task id with them). */
  taskHooks?: (target: RouteTarget) => TaskCallOptions | undefined;
  /** Called as each attempt starts (retries and fallbacks included), with the target it tries. */
  onAttemptStart?: (target: RouteTarget) => void;
  /**
   * Asked once the call has a result, before it is charged: false means
   * another run of the same work won (a job adopting a late task), so this
   * result is dropped, its hold freed, nothing charged, and the call throws
   * `cancelled`. Must decide synchronously, so exactly one run claims.
   */
  claimResult?: () => boolean;
}

/** Options of {@link Gateway.resumeTask}: the job's input, and the target and task id it stored. */
export interface ResumeTaskOptions extends GenerateOptions {
  target: RouteTarget;
  taskId: string;
}

/** Options of {@link Gateway.streamText}: those of `generate`, with a stream input. */
export interface StreamTextOptions extends Omit<GenerateOptions, 'input'> {
  input: TextStreamInput;
}

/** The configured gateway: provider instances, routes and the routing engine. */
export interface Gateway {
  /** Routes one `generate` call and returns the published result. */
  generate(options: GenerateOptions): Promise<GenerateResult>;
  /** Polls a job's provider task, submitted before a restart, to its end; charges and records it once. */
  resumeTask(options: ResumeTaskOptions): Promise<GenerateResult>;
  /** Streams one text call as {@link TextStreamEvent}s (see the README's streaming section). */
  streamText(options: StreamTextOptions): AsyncGenerator<TextStreamEvent>;
  /** The name of the route an input would take (throws like `generate` for an unknown one). */
  routeNameFor(input: GenerateInput): string;
  /** The deadline, in ms, of the route an input would take. */
  routeDeadlineMsFor(input: GenerateInput): number;
  /** Every configured provider instance with its models. */
  listProviders(): ProviderListing[];
  /** Breaker state and recent health of every target (across replicas when shared). */
  health(): Promise<TargetHealthReport[]>;
  /** Subscribes to the engine's events; returns a function that unsubscribes. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Replaces configured credentials in a text with `[redacted]`. */
  redact(text: string): string;
  /**
   * Ends every open stream with an `error` event for `reason` (its hold
   * freed, nothing charged); resolves once each has sent it, with how many.
   */
  endStreams(reason: SwitchyardError): Promise<number>;
}

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  config: LoadedConfig;
  logger: Logger;
  /** Clock for the engine; default `Date.now`. */
  now?: () => number;
  /** Randomness for backoff jitter; default `Math.random`. */
  random?: () => number;
  /** Shared state across replicas (instance quotas); default: this process. */
  redis?: Redis;
  /** Breaker opens and closes shared with other replicas; default: this process. */
  sharedBreakers?: SharedBreakerStates;
  /** Recent calls per target shared with other replicas; default: this process. */
  sharedHealth?: SharedHealth;
  /** Where cached results live; default: this process's memory (lru-cache). */
  resultCache?: ResultCache<GenerateResult>;
}

/**
 * Builds the gateway from a loaded config: loads and creates every provider
 * instance, builds the routes (checking each target resolves to a model of
 * the route's kind) and the routing engine. Throws a ConfigError naming the
 * file and field when something in the config cannot be served.
 *
 * @example
 * const gateway = await createGateway({ config: await loadConfig(), logger });
 * const result = await gateway.generate({ input: { type: 'text', prompt: 'hi' } });
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const instances = await createProviderInstances(config);
  const redact = createSecretRedactor(
    [...instances.values()].flatMap((instance) => instance.secrets),
  );
  const logger = withSecretRedaction(options.logger, redact);
  const instanceQuotas = createWindowCounter({
    redis: options.redis,
    prefix: 'instance',
  });
  const models = new Map<string, Model>();

  const resolveModel = (target: RouteTarget, kind: ModelKind): Model => {
    const key = `${kind}\u0000${target.instance}\u0000${target.model}`;
    const cached = models.get(key);
    if (cached !== undefined) return cached;
    const instance = instances.get(target.instance);
    if (instance === undefined) {
      throw new SwitchyardError({
        code: 'not_found',
        message: `Unknown provider instance "${target.instance}"; configured instances: ${[...instances.keys()].join(', ')}.`,
      });
    }
    const model: Model =
      kind === 'image'
        ? instance.provider.imageModel(target.model)
        : instance.provider.textModel(target.model);
    const served =
      instance.timeoutMs === undefined
        ? model
        : withInstanceTimeout({
            model,
            instance: instance.name,
            timeoutMs: instance.timeoutMs,
          });
    models.set(key, served);
    return served;
  };

  const routes = createRoutes({ config, resolveModel });
  const priceBook = createPriceBook({ config, instances, resolveModel });
  const engine = createRoutingEngine({
    resolveModel,
    now: options.now,
    random: options.random,
    sharedBreakers: options.sharedBreakers,
  });
  engine.onEvent((event) => logger.debug({ event }, `engine ${event.type}`));
  const { sharedHealth } = options;
  if (sharedHealth !== undefined) {
    engine.onEvent((event) => {
      if (event.type !== 'attempt-end' || event.code === 'cancelled') return;
      sharedHealth.record(formatTarget(event.target), {
        ok: event.outcome === 'success',
        latencyMs: event.latencyMs,
        code: event.code,
        at: (options.now ?? Date.now)(),
      });
    });
  }
  const resultCache =
    options.resultCache ??
    createMemoryResultCache<GenerateResult>({ now: options.now });
  const flights = new SingleFlight<GenerateResult>();
  const streams = createStreamRegistry();
  // Names this process on the idempotency keys it claims.
  const owner = `${process.pid}-${randomBytes(6).toString('base64url')}`;

  const costOf = (target: RouteTarget, kind: ModelKind) =>
    priceBook.chargeableOf(target, kind);

  async function generate(
    generateOptions: GenerateOptions,
  ): Promise<GenerateResult> {
    const { input, signal, requestId, payer, generations } = generateOptions;
    const route = selectRoute({ input, routes, instances });
    let id = `gen_${randomBytes(12).toString('base64url')}`;
    const request = boundedRequest({ input, request: pickRequest(input) });
    const startedAt = Date.now();
    const requestHash = generations === undefined ? '' : hashRequest(input);
    // A call with an idempotency key claims it before anything else; one
    // without is recorded in a single write when it ends.
    const { idempotencyKey } = input;
    const claimsKey = generations !== undefined && idempotencyKey !== undefined;
    if (claimsKey) {
      const claim = await claimKey({
        generations,
        record: {
          id,
          keyId: payer?.keyId ?? '',
          idempotencyKey,
          requestHash,
          route: route.name,
        },
        owner,
        ttlMs: route.deadlineMs + HOLD_MARGIN_MS,
        signal,
        onWait: (existing) =>
          logger.info(
            { requestId, id: existing.id, idempotencyKey },
            'generate waits for the call in flight under its idempotency key',
          ),
      });
      if (!claim.run) {
        logger.info(
          { requestId, id: claim.result.id, idempotencyKey },
          'generate replayed for its idempotency key',
        );
        return claim.result;
      }
      if (claim.id !== id) {
        logger.warn(
          { requestId, id: claim.id, idempotencyKey },
          'generate took over a call its stopped process left in flight',
        );
      }
      id = claim.id;
    }
    const routed: RoutedGenerate = {
      ...generateOptions,
      route,
      id,
      request,
      requestHash,
      startedAt,
      begun: claimsKey,
    };
    const cache =
      input.cache === false ? undefined : (input.cache ?? route.cache);
    if (cache === undefined) return routeAndCharge(routed);
    return generateThroughCache({ routed, ttlMs: cache.ttlMs });
  }

  /**
   * Serves an identical earlier call's result from the cache, or joins an
   * identical call in flight (single flight); otherwise routes this one and
   * caches its result. A result not made for this call is free.
   */
  async function generateThroughCache(options: {
    routed: RoutedGenerate;
    ttlMs: number;
  }): Promise<GenerateResult> {
    const { routed, ttlMs } = options;
    const { route, request, payer } = routed;
    const startedAt = Date.now();
    const allowed = payer?.allowedProviders;
    const cacheKey = resultCacheKey({
      route: route.name,
      targets: route.targets.filter(
        (target) => allowed === undefined || allowed.includes(target.instance),
      ),
      request,
    });
    const stored = await resultCache.get(cacheKey).catch((error: unknown) => {
      logger.warn(
        { err: error },
        'reading the result cache failed; routing the call',
      );
      return undefined;
    });
    if (stored !== undefined) {
      return servedFromCache({ routed, stored, startedAt });
    }
    let led = false;
    try {
      const flight = await flights.run(cacheKey, async () => {
        led = true;
        const result = await routeAndCharge(routed);
        await resultCache
          .set(cacheKey, result, ttlMs)
          .catch((error: unknown) => {
            logger.warn({ err: error }, 'writing the result cache failed');
          });
        return result;
      });
      if (!flight.shared) return flight.value;
      return servedFromCache({ routed, stored: flight.value, startedAt });
    } catch (error) {
      // The call this one joined failed for its own caller (its budget, its
      // cancel): this caller gets a call of its own.
      if (led) throw error;
      return routeAndCharge(routed);
    }
  }

  async function servedFromCache(options: {
    routed: RoutedGenerate;
    stored: GenerateResult;
    startedAt: number;
  }): Promise<GenerateResult> {
    const { routed, stored, startedAt } = options;
    const result: GenerateResult = {
      ...stored,
      id: routed.id,
      cached: true,
      cost: { microCredits: 0 },
      latencyMs: Date.now() - startedAt,
    };
    await recordEnd(routed, {
      status: 'succeeded',
      provider: result.provider,
      model: result.model,
      costMicroCredits: 0,
      result,
      // No provider was called for this one.
      attempts: [],
    });
    logger.info(
      {
        requestId: routed.requestId,
        id: routed.id,
        type: result.type,
        route: routed.route.name,
        provider: result.provider,
        cached: true,
      },
      'generate served from the cache',
    );
    return result;
  }

  /**
   * What decides, before each target, whether the call may try it: the key's
   * allowed providers, the instance's quota, then the key's credits.
   */
  function admitterFor(options: {
    payer: GenerateOptions['payer'];
    hold: CreditHold | undefined;
  }): (target: RouteTarget) => Promise<{ skip: string } | undefined> {
    const { payer, hold } = options;
    const allowed = payer?.allowedProviders;
    return async (target) => {
      if (allowed !== undefined && !allowed.includes(target.instance)) {
        return { skip: 'not-allowed' };
      }
      const quota = config.config.providers[target.instance]?.quota;
      if (quota !== undefined) {
        const broken = await instanceQuotas.consume({
          subject: target.instance,
          limits: quota,
        });
        if (broken !== undefined) return { skip: 'quota-spent' };
      }
      return hold?.admit(target);
    };
  }

  /**
   * Streams a text call: engine events and text as they come, fallback only
   * until the first part, then `end`, or an `error` that says whether text
   * had been sent (`incomplete`) and all that was. Credits are held before
   * the first call and captured at `end`; a failed or cut stream is not
   * charged. Closing the generator (the client went away) closes upstream.
   */
  async function* streamText(
    streamOptions: StreamTextOptions,
  ): AsyncGenerator<TextStreamEvent> {
    const { input, signal, requestId, payer, generations } = streamOptions;
    const generateInput: GenerateInput = input;
    const route = selectRoute({ input: generateInput, routes, instances });
    const id = `gen_${randomBytes(12).toString('base64url')}`;
    const request = boundedRequest({
      input: generateInput,
      request: pickRequest(input),
    });
    const routed: RoutedGenerate = {
      input: generateInput,
      signal,
      requestId,
      payer,
      generations,
      route,
      id,
      request,
      requestHash: generations === undefined ? '' : hashRequest(generateInput),
      startedAt: Date.now(),
      begun: false,
    };
    const hold = holdFor(routed);
    const channel = createEventChannel<TextStreamEvent>();
    // Shutdown ends the stream through this, with the reason it gives.
    const registration = streams.open();
    let started: RoutedCall<TextStreamStart> | undefined;
    let delivered = '';
    let settled = false;
    // Aborting this closes the upstream even while a read is pending (an
    // async iterator's `return` would wait for that read first).
    const upstream = new AbortController();
    const streamSignal = AbortSignal.any(
      [signal, upstream.signal, registration.signal].filter(
        (candidate) => candidate !== undefined,
      ),
    );
    const fail = async (error: unknown): Promise<TextStreamEvent> => {
      settled = true;
      upstream.abort();
      void started?.value.rest.return?.().catch(() => undefined);
      const stopped: unknown = registration.signal.reason;
      const failure = SwitchyardError.isInstance(stopped)
        ? stopped
        : toSwitchyardError(error, started?.provider ?? 'switchyard');
      const attempts = RouteFailedError.isInstance(failure)
        ? failure.attempts
        : (started?.attempts ?? []);
      await settleFailure({ routed, hold, errorCode: failure.code, attempts });
      logger.warn(
        {
          requestId,
          id,
          route: route.name,
          code: failure.code,
          incomplete: started !== undefined,
          deliveredChars: delivered.length,
        },
        started === undefined ? 'stream failed' : 'stream cut short',
      );
      return {
        type: 'error',
        id,
        code: failure.code,
        message: redact(failure.message),
        incomplete: started !== undefined,
        delivered,
        provider: failure.provider,
        retryAfterMs: failure.retryAfterMs,
        attempts: redactAttempts(attempts, redact),
      };
    };
    try {
      try {
        checkPriced({ route, payer, priceBook });
        started = yield* channel.drainUntil(
          engine.executeTextStream({
            route,
            request,
            signal: streamSignal,
            admitTarget: admitterFor({ payer, hold }),
            onEvent: (event) => {
              const published = toStreamEvent(event);
              if (published !== undefined) channel.push(published);
            },
          }),
        );
      } catch (error) {
        yield await fail(error);
        return;
      }
      const call = started;
      const chunkTimeoutMs =
        route.chunkTimeoutMs ?? ROUTE_DEFAULTS.chunkTimeoutMs;
      let part = call.value.first;
      while (part.type === 'text-delta') {
        delivered += part.text;
        yield { type: 'text-delta', text: part.text };
        part = await nextPart({
          parts: call.value.rest,
          timeoutMs: chunkTimeoutMs,
          provider: call.provider,
        });
      }
      const value = {
        text: delivered,
        finishReason: part.finishReason,
        usage: part.usage,
        warnings: call.value.warnings,
      };
      const microCredits = textCost(
        costOf({ instance: call.provider, model: call.model }, 'text'),
        value,
        request,
      );
      settled = true;
      const result = await settleSuccess({
        routed,
        hold,
        result: toTextResult(
          { ...call, value, latencyMs: Date.now() - routed.startedAt },
          { id, microCredits },
        ),
      });
      logger.info(
        {
          requestId,
          id,
          route: route.name,
          provider: result.provider,
          fallbackUsed: result.fallbackUsed,
          microCredits: result.cost.microCredits,
        },
        'stream ended',
      );
      yield {
        type: 'end',
        id,
        provider: result.provider,
        model: result.model,
        finishReason: result.finishReason,
        usage: result.usage,
        cost: result.cost,
        fallbackUsed: result.fallbackUsed,
        attempts: result.attempts,
        latencyMs: result.latencyMs,
      };
    } catch (error) {
      if (!settled) yield await fail(error);
    } finally {
      // The consumer went away mid-stream: close upstream, charge nothing.
      if (!settled)
        await fail(
          new SwitchyardError({
            code: 'cancelled',
            message: 'The caller closed the stream.',
          }),
        );
      registration.close();
    }
  }

  /**
   * Finishes a provider task a job submitted before its process stopped:
   * polls the task (no new submission) to its end, then charges and records
   * it like `generate`. Only task-based image models have tasks.
   */
  async function resumeTask(
    resumeOptions: ResumeTaskOptions,
  ): Promise<GenerateResult> {
    const { input, target, taskId, signal, taskHooks } = resumeOptions;
    const route = selectRoute({ input, routes, instances });
    const routed: RoutedGenerate = {
      ...resumeOptions,
      route,
      id: `gen_${randomBytes(12).toString('base64url')}`,
      request: pickRequest(input),
      requestHash:
        resumeOptions.generations === undefined ? '' : hashRequest(input),
      startedAt: Date.now(),
      begun: false,
    };
    const hold = holdFor(routed);
    try {
      const model = resolveModel(target, 'image');
      if (model.kind !== 'image') {
        throw new SwitchyardError({
          code: 'unsupported',
          message: `${target.instance}:${target.model} has no tasks to resume.`,
        });
      }
      const hooks = taskHooks?.(target);
      // A task the key cannot pay for is not left running at its provider,
      // unless the caller keeps its tasks running (a shutting-down job).
      const stopTask = async () => {
        if (hooks?.cancelTaskOnAbort?.() === false) return;
        await model.cancelTask?.(taskId);
      };
      const verdict = await hold
        ?.admit(target)
        .catch(async (error: unknown) => {
          await stopTask();
          throw error;
        });
      if (verdict !== undefined) {
        await stopTask();
        if (verdict.skip === UNPRICED) throw unpricedError([target]);
        throw new SwitchyardError({
          code: 'quota_exceeded',
          message: `The key cannot pay for the resumed ${target.instance} task (${verdict.skip}).`,
        });
      }
      const request = routed.request as ImageRequest;
      const value = checkImageResult({
        result: await model.generate(request, {
          signal,
          task: { ...hooks, resumeTaskId: taskId },
        }),
        request,
        capabilities: model.capabilities,
        provider: target.instance,
      });
      const latencyMs = Date.now() - routed.startedAt;
      const microCredits = imageCost(costOf(target, 'image'), value);
      const result = toImageResult(
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
        { id: routed.id, microCredits },
      );
      return await settleClaimed({ routed, hold, result });
    } catch (error) {
      await settleFailure({
        routed,
        hold,
        errorCode: SwitchyardError.isInstance(error) ? error.code : 'unknown',
        attempts: [],
      });
      throw error;
    }
  }

  const holdFor = (routed: RoutedGenerate) =>
    createHoldFor({
      ...routed,
      priceBook,
      resolveModel,
      ttlMs: routed.route.deadlineMs + HOLD_MARGIN_MS,
    });

  /**
   * Ends a served call: charges its cost once, never past its hold, and
   * records it with its result; returns the result with the cost charged.
   */
  async function settleSuccess<TResult extends GenerateResult>(options: {
    routed: RoutedGenerate;
    hold: CreditHold | undefined;
    result: TResult;
  }): Promise<TResult> {
    const { routed } = options;
    const { result, uncharged } = await chargeResult({
      ...options,
      logger,
      requestId: routed.requestId,
    });
    await recordEnd(routed, {
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
   * the run that claims is charged; one that loses frees its hold, is recorded
   * as cancelled and throws.
   */
  async function settleClaimed(options: {
    routed: RoutedGenerate;
    hold: CreditHold | undefined;
    result: GenerateResult;
  }): Promise<GenerateResult> {
    const { routed, hold, result } = options;
    if (routed.claimResult === undefined || routed.claimResult()) {
      return settleSuccess(options);
    }
    await settleFailure({
      routed,
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
  async function settleFailure(options: {
    routed: RoutedGenerate;
    hold: CreditHold | undefined;
    errorCode: string;
    attempts: Attempt[];
  }): Promise<void> {
    const { routed, hold, errorCode, attempts } = options;
    await hold?.release().catch((releaseError: unknown) => {
      logger.error(
        { err: releaseError, id: routed.id },
        'releasing a credit hold failed',
      );
    });
    await recordEnd(routed, { status: 'failed', errorCode, attempts }).catch(
      (recordError: unknown) => {
        logger.error(
          { err: recordError, id: routed.id },
          'recording a failed call failed',
        );
      },
    );
  }

  /** Records how a call ended: finishes its begun record, or writes it whole. */
  async function recordEnd(
    routed: RoutedGenerate,
    ended: GenerationOutcome,
  ): Promise<void> {
    const { generations } = routed;
    if (generations === undefined) return;
    // Attempts carry upstream messages: stored records never hold a key.
    const outcome: GenerationOutcome =
      ended.attempts === undefined
        ? ended
        : { ...ended, attempts: redactAttempts(ended.attempts, redact) };
    if (routed.begun) {
      await generations.finish(routed.id, outcome);
      return;
    }
    await generations.record({
      id: routed.id,
      keyId: routed.payer?.keyId ?? '',
      requestHash: routed.requestHash,
      route: routed.route.name,
      createdAt: routed.startedAt,
      ...outcome,
    });
  }

  /** Holds credits, runs the engine, then captures the served cost or releases the hold. */
  async function routeAndCharge(
    routed: RoutedGenerate,
  ): Promise<GenerateResult> {
    const { input, signal, requestId, payer, route, id, request } = routed;
    const hold = holdFor(routed);
    const admitTarget = admitterFor({ payer, hold });
    try {
      checkPriced({ route, payer, priceBook });
      const served =
        input.type === 'image'
          ? await engine
              .executeImage({
                route,
                request: request as ImageRequest,
                signal,
                admitTarget,
                taskHooks: routed.taskHooks,
                onEvent: attemptListener(routed.onAttemptStart),
              })
              .then((call) =>
                toImageResult(call, {
                  id,
                  microCredits: imageCost(
                    costOf(
                      { instance: call.provider, model: call.model },
                      'image',
                    ),
                    call.value,
                  ),
                }),
              )
          : await engine
              .executeText({
                route,
                request,
                signal,
                admitTarget,
                onEvent: attemptListener(routed.onAttemptStart),
              })
              .then((call) =>
                toTextResult(call, {
                  id,
                  microCredits: textCost(
                    costOf(
                      { instance: call.provider, model: call.model },
                      'text',
                    ),
                    call.value,
                    request as TextRequest,
                  ),
                }),
              );
      const result = await settleClaimed({ routed, hold, result: served });
      logger.info(
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
      await settleFailure({
        routed,
        hold,
        errorCode,
        attempts: RouteFailedError.isInstance(error) ? error.attempts : [],
      });
      logger.warn(
        {
          requestId,
          id,
          type: input.type,
          route: route.name,
          code: errorCode,
          message: redact(error instanceof Error ? error.message : ''),
        },
        'generate failed',
      );
      throw error;
    }
  }

  return {
    generate,
    streamText,
    resumeTask,
    routeNameFor: (input) => selectRoute({ input, routes, instances }).name,
    routeDeadlineMsFor: (input) =>
      selectRoute({ input, routes, instances }).deadlineMs,
    listProviders: () =>
      listProviders({ instances: instances.values(), priceBook, routes }),
    async health() {
      const reports = reportHealth({ engine, routes: routes.values() });
      if (sharedHealth === undefined) return reports;
      const shared = await sharedHealth.stats(
        reports.map((report) => report.target),
      );
      return reports.map((report) => {
        const stats = shared.get(report.target);
        return stats === undefined
          ? report
          : {
              ...report,
              recentCalls: stats.recentCalls,
              successRate: stats.successRate,
              latencyP50Ms: stats.latencyP50Ms,
              latencyP95Ms: stats.latencyP95Ms,
              lastErrorCode: stats.lastErrorCode,
              lastCallAt: stats.lastCallAt,
            };
      });
    },
    onEvent: (listener) => engine.onEvent(listener),
    redact,
    endStreams: (reason) => streams.endAll(reason),
  };
}

/** A `generate` call once its route is chosen and its generation begun. */
interface RoutedGenerate extends GenerateOptions {
  route: Route;
  id: string;
  request: Record<string, unknown>;
  requestHash: string;
  startedAt: number;
  /** True when the call's record was begun (it claimed an idempotency key). */
  begun: boolean;
}

/** The engine events a stream shows its caller, before its first text. */
function toStreamEvent(event: EngineEvent): TextStreamEvent | undefined {
  if (event.type === 'attempt-start') {
    return {
      type: 'attempt-start',
      provider: event.target.instance,
      model: event.target.model,
      attempt: event.attempt,
    };
  }
  if (event.type === 'fallback') {
    return {
      type: 'fallback',
      from: { provider: event.from.instance, model: event.from.model },
      to: { provider: event.to.instance, model: event.to.model },
      reason: event.reason,
    };
  }
  return undefined;
}

function createRoutes(options: {
  config: LoadedConfig;
  resolveModel: (target: RouteTarget, kind: ModelKind) => Model;
}): Map<string, Route> {
  const { config, resolveModel } = options;
  const routes = new Map<string, Route>();
  const issues: Array<{ path: string; message: string }> = [];
  for (const [name, settings] of Object.entries(config.config.routes)) {
    const route = createRoute({ name, settings });
    for (const [index, target] of route.targets.entries()) {
      try {
        resolveModel(target, route.kind);
      } catch (error) {
        issues.push({
          path: formatConfigPath(['routes', name, 'targets', index]),
          message: `"${target.instance}:${target.model}" is not a ${route.kind} model: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    routes.set(name, route);
  }
  if (issues.length > 0) throw new ConfigError({ file: config.file, issues });
  return routes;
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
