/**
 * The gateway: what happens to a call, as stages in this folder.
 *
 * Wiring (once): {@link createGateway} below creates the provider instances
 * and, from them, model resolution (`model-resolver.ts`, checked against
 * the config's routes in `routes.ts`), the price book (`price-book.ts`) and
 * the routing engine (`gateway-engine.ts`), shared by the stages as
 * {@link GatewayDeps} (`gateway-deps.ts`).
 *
 * A `generate` call (`generate.ts`), in order:
 * 1. context: its route, id, bounded request and start time, made once
 *    (`call-context.ts`, route choice in `select-route.ts`);
 * 2. idempotency: its key claimed, or the key's stored answer replayed
 *    (`generate.ts`, store side in `idempotency.ts`);
 * 3. cache: a cached or in-flight identical call's result served free
 *    (`generate-through-cache.ts`);
 * 4. admission: the key's allowed providers, each instance's quota and a
 *    credit hold admit each target (`admission.ts`, `credit-hold.ts`,
 *    `hold-estimate.ts`);
 * 5. route and charge: the engine runs the route and the result is priced
 *    (`route-and-charge.ts`);
 * 6. settlement: the cost captured and the record written, or the hold
 *    freed and the failure recorded (`settle.ts`, `charge-result.ts`).
 *
 * `streamText` (`stream-text.ts`, `stream-failure.ts`) and `resumeTask`
 * (`resume-task.ts`) take the same context, admission and settlement. The
 * `now` option is the only clock: it travels in each call's context.
 * The `observer` option (`gateway-observer.ts`) watches each `generate` and
 * `streamText` call from its context to its end (`observed-call.ts`).
 */
import { randomBytes } from 'node:crypto';
import {
  createMemoryResultCache,
  SingleFlight,
  type ArtifactStore,
  type CreditLedger,
  type EngineEvent,
  type GenerateInput,
  type GenerateResult,
  type GenerationStore,
  type TrainedModelStore,
  type ResultCache,
  type Route,
  type RouteExplanation,
  type RouteTarget,
  type SharedBreakerStates,
  type SwitchyardError,
  type TaskCallOptions,
  type TextStreamEvent,
  type TextStreamInput,
} from '@switchyard/core';
import type { Redis } from 'ioredis';
import { artifactSecrets } from '../artifacts/artifacts-config';
import type { ArtifactKeeper } from '../artifacts/keep-video';
import type { LoadedConfig } from '../config/load-config';
import { createWindowCounter } from '../limits/key-rate-limiter';
import { withSecretRedaction, type Logger } from '../logger';
import { createProviderInstances } from '../providers/create-provider-instances';
import type { SharedHealth } from '../shared-state/redis-shared-state';
import { explainCall } from './explain';
import { createGatewayEngine } from './gateway-engine';
import type { GatewayDeps } from './gateway-deps';
import { combineObservers, type GatewayObserver } from './gateway-observer';
import { createCallTally } from './call-tally';
import { generate } from './generate';
import { createModelResolver } from './model-resolver';
import { createPriceBook } from './price-book';
import { listProviders, type ProviderListing } from './provider-reports';
import {
  createHealthMonitor,
  type HealthMonitor,
} from '../health/health-monitor';
import type {
  ProvidersHealth,
  ProvidersHealthInput,
} from '../health/health-report';
import type { HealthStore } from '../health/health-store';
import type { HealthScheduler } from '../health/scheduler';
import type { ResolveHost } from '../jobs/webhook-target';
import { resumeTask } from './resume-task';
import { createRoutes } from './routes';
import { createSecretRedactor } from './secret-redactor';
import { selectRoute } from './select-route';
import { createStreamRegistry } from './stream-registry';
import { createTierBook } from './tier-book';
import { streamText } from './stream-text';

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
    /** The end user of a call made with a minted token: recorded with the call. */
    subject?: string;
    /** That token's id: every hold must also fit its credit cap. */
    tokenId?: string;
    /** What the call's holds are for, when that outlives this process: its job's id. */
    holder?: string;
  };
  /** Where the call is recorded (and idempotency keys are kept). */
  generations?: GenerationStore;
  /** Trained models: a training call's is remembered; a call naming one goes to its instance. */
  trainedModels?: TrainedModelStore;
  /** Where its kept outputs are recorded; without it none are kept. */
  artifacts?: ArtifactStore;
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

/** A route as {@link Gateway.listRoutes} shows it. */
export interface RouteListing {
  name: string;
  kind: Route['kind'];
  targets: readonly RouteTarget[];
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
  /**
   * Where a `generate` call with this input would go, and why, without
   * calling a provider or holding credits (see `explain.ts`).
   */
  explain(
    options: Pick<GenerateOptions, 'input' | 'payer'>,
  ): Promise<RouteExplanation>;
  /** Every configured provider instance with its models. */
  listProviders(): ProviderListing[];
  /** Every route: its name, the type it serves and its targets, in config order. */
  listRoutes(): RouteListing[];
  /**
   * The `providers.health` answer: the system's state and every target's
   * (or one instance's), with details when `detailed` (across replicas when
   * health is shared).
   */
  health(input?: ProvidersHealthInput): Promise<ProvidersHealth>;
  /** The health monitor: probes, target states (`stateOf`), the system's state. */
  healthMonitor: HealthMonitor;
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
  /**
   * The gateway's only clock: the engine's, call latencies, records' times
   * and idempotency waits; default `Date.now`.
   */
  now?: () => number;
  /** Randomness for backoff jitter and the `weighted` strategy; default `Math.random`. */
  random?: () => number;
  /** Shared state across replicas (instance quotas); default: this process. */
  redis?: Redis;
  /** Breaker opens and closes shared with other replicas; default: this process. */
  sharedBreakers?: SharedBreakerStates;
  /** Recent calls per target shared with other replicas; default: this process. */
  sharedHealth?: SharedHealth;
  /** Where cached results live; default: this process's memory (lru-cache). */
  resultCache?: ResultCache<GenerateResult>;
  /** Keeps outputs (video) in the operator's storage before a call succeeds; default none. */
  artifactKeeper?: ArtifactKeeper;
  /** How the health monitor keeps its state and its time (see {@link GatewayHealthOptions}). */
  health?: GatewayHealthOptions;
  /**
   * Watches each `generate` and `streamText` call from its start to its end
   * (metrics, traces; see `gateway-observer.ts`); default none.
   */
  observer?: GatewayObserver;
}

/** The health monitor's state and clocks, for replicas and tests. */
export interface GatewayHealthOptions {
  /** Probe results and states shared with other replicas; default this process's memory. */
  store?: HealthStore;
  /** Its timers (probe rounds, probe timeouts, alert retries); default real, unref'd timers. */
  scheduler?: HealthScheduler;
  /** Its clock; default `Date.now`. */
  now?: () => number;
  /** How alert webhook hosts are resolved; default the system's resolver. */
  resolveHost?: ResolveHost;
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
  const deps = await createGatewayDeps(options);
  const { engine, routes, instances, priceBook } = deps;
  const routeFor = (input: GenerateInput) =>
    selectRoute({ input, routes, instances });
  return {
    generate: (call) => generate(deps, call),
    streamText: (call) => streamText(deps, call),
    resumeTask: (call) => resumeTask(deps, call),
    routeNameFor: (input) => routeFor(input).name,
    routeDeadlineMsFor: (input) => routeFor(input).deadlineMs,
    explain: (call) => explainCall(deps, call),
    listProviders: () =>
      listProviders({ instances: instances.values(), priceBook, routes }),
    listRoutes: () =>
      [...routes.values()].map(({ name, kind, targets }) => ({
        name,
        kind,
        targets,
      })),
    health: async (input) => {
      const report = await deps.health.report(input);
      return report.system === undefined
        ? report
        : { ...report, system: { ...report.system, ...deps.tally.rates() } };
    },
    healthMonitor: deps.health,
    onEvent: (listener) => engine.onEvent(listener),
    redact: deps.redact,
    endStreams: (reason) => deps.streams.endAll(reason),
  };
}

/** Creates what the stages share, from the config and the options. */
async function createGatewayDeps(
  options: GatewayOptions,
): Promise<GatewayDeps> {
  const { config, sharedHealth } = options;
  const now = options.now ?? Date.now;
  const tally = createCallTally();
  const instances = await createProviderInstances(config);
  const redact = createSecretRedactor([
    ...[...instances.values()].flatMap((instance) => instance.secrets),
    ...artifactSecrets(config.config.artifacts),
  ]);
  const logger = withSecretRedaction(options.logger, redact);
  const resolveModel = createModelResolver(instances);
  const routes = createRoutes({ config, resolveModel });
  const priceBook = createPriceBook({ config, instances, resolveModel });
  const engine = createGatewayEngine({ ...options, logger, now, resolveModel });
  const health = createHealthMonitor({
    engine,
    routes,
    instances,
    config: config.config.health,
    webhooks: config.config.webhooks,
    logger,
    redact,
    sharedHealth,
    ...options.health,
  });
  return {
    config,
    logger,
    redact,
    now,
    random: options.random ?? Math.random,
    tierOf: createTierBook({ config, instances }),
    instances,
    routes,
    resolveModel,
    priceBook,
    engine,
    health,
    instanceQuotas: createWindowCounter({
      redis: options.redis,
      prefix: 'instance',
    }),
    resultCache:
      options.resultCache ??
      createMemoryResultCache<GenerateResult>({ now: options.now }),
    flights: new SingleFlight<GenerateResult>(),
    streams: createStreamRegistry(),
    owner: `${process.pid}-${randomBytes(6).toString('base64url')}`,
    artifactKeeper: options.artifactKeeper,
    observer:
      options.observer === undefined
        ? tally.observer
        : combineObservers([options.observer, tally.observer]),
    tally,
  };
}
