import {
  formatTarget,
  SwitchyardError,
  type EngineEvent,
  type Route,
  type RouteTarget,
  type RoutingEngine,
  type SystemHealthState,
  type TargetHealthState,
} from '@switchyard/core';
import type { WebhooksConfig } from '../config/config-schema';
import type { ResolveHost } from '../jobs/webhook-target';
import type { Logger } from '../logger';
import type { ProviderInstance } from '../providers/create-provider-instances';
import type { SharedHealth } from '../shared-state/redis-shared-state';
import { createMemoryCallLog } from './call-log';
import { createHealthAlerter } from './health-alerts';
import {
  DEFAULT_HEALTH_WINDOW_MS,
  DEFAULT_PROBE_INTERVAL_MS,
  DEFAULT_PROBE_TIMEOUT_MS,
  type HealthConfig,
} from './health-config';
import {
  evaluateTargets,
  judgeSystemNow,
  type HealthContext,
} from './health-evaluator';
import { countsForHealth } from './health-judge';
import type { ProvidersHealth, ProvidersHealthInput } from './health-report';
import { buildHealthReport } from './health-report-builder';
import {
  createMemoryHealthStore,
  targetKey,
  type HealthStore,
} from './health-store';
import { monitoredTargets, type MonitoredTarget } from './monitored-targets';
import {
  createProbeLoop,
  probedInstances,
  type ProbedInstance,
} from './probe-loop';
import { MESSAGE_LIMIT } from './probe-runner';
import { realScheduler, type HealthScheduler } from './scheduler';
import { createSerialQueue } from './serial-queue';

/** Targets outside the routes (forced providers) the monitor judges, at most. */
const OUTSIDE_TARGETS_KEPT = 1_000;

/**
 * The gateway's health: probes of every provider instance, the outcome of
 * real calls, a state per target and one for the system, alerts when they
 * change. See the README's health section.
 */
export interface HealthMonitor {
  /**
   * Judges every target once (their baseline: `healthy` until something
   * fails), then probes every `health.probeIntervalMs`. Resolves once the
   * baseline is stored.
   */
  start(): Promise<void>;
  /** Stops probing and alert retries; no timer is left behind. */
  stop(): void;
  /** One probe round now (as the timer would run it), then every target judged. */
  probeNow(): Promise<void>;
  /** A target's state from the local mirror (no I/O); undefined before it was judged. */
  stateOf(target: RouteTarget | string): TargetHealthState | undefined;
  /** The system's state from the mirrored target states. */
  systemState(): SystemHealthState;
  /** The `providers.health` answer: every target (or one instance's), judged now. */
  report(options?: ProvidersHealthInput): Promise<ProvidersHealth>;
}

/** Options of {@link createHealthMonitor}. */
export interface HealthMonitorOptions {
  engine: RoutingEngine;
  routes: ReadonlyMap<string, Route>;
  instances: ReadonlyMap<string, ProviderInstance>;
  /** The config's `health`. */
  config?: HealthConfig;
  /** The config's `webhooks` (alerts are signed with its secret). */
  webhooks?: WebhooksConfig;
  logger: Logger;
  /** Scrubs configured credentials from error messages. */
  redact: (text: string) => string;
  /** Probe results and states; default this process's memory. */
  store?: HealthStore;
  /** Recent calls shared by every replica; default this process's memory. */
  sharedHealth?: SharedHealth;
  /** Default `Date.now`. */
  now?: () => number;
  /** Default real timers that never keep the process alive. */
  scheduler?: HealthScheduler;
  /** How alert hosts are resolved (default the system's resolver). */
  resolveHost?: ResolveHost;
}

/**
 * Creates the health monitor of a gateway. It listens to the engine's
 * events at once (the outcome of calls); probes start with `start()`.
 *
 * @example
 * const monitor = createHealthMonitor({ engine, routes, instances, logger, redact });
 * await monitor.start();
 * monitor.stateOf('openai:gpt-4o-mini'); // 'healthy' | 'degraded' | 'down' | undefined
 */
export function createHealthMonitor(
  options: HealthMonitorOptions,
): HealthMonitor {
  const { engine, routes, logger, config } = options;
  const probers = probedInstances(options.instances.values(), config?.probes);
  const context = createContext(options, probers);
  const outside = new Map<string, RouteTarget>();
  const routed = new Set(monitoredTargets(routes.values(), []).keys());
  const targets = () => monitoredTargets(routes.values(), outside.values());
  const queue = createSerialQueue((keys: ReadonlySet<string>) => {
    const all = targets();
    const entries = [...keys].flatMap((key) => all.get(key) ?? []);
    return evaluateTargets(context, entries);
  });
  const evaluateAll = () => queue.request(targets().keys());
  const unsubscribe = engine.onEvent((event) => {
    const key = recordEvent({
      event,
      context,
      outside: routed.has(eventKey(event) ?? '') ? undefined : outside,
      redact: options.redact,
    });
    if (key === undefined) return;
    queue.request([key]).catch((error: unknown) => {
      logger.warn(
        { err: error, target: key },
        'judging a target’s health failed',
      );
    });
  });
  const loop = createProbeLoop({
    instances: probers,
    store: context.store,
    intervalMs: config?.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS,
    timeoutMs: config?.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    now: context.now,
    scheduler: options.scheduler ?? realScheduler,
    redact: options.redact,
    logger,
    afterRound: evaluateAll,
  });
  return {
    async start() {
      await evaluateAll();
      loop.start();
    },
    stop() {
      loop.stop();
      unsubscribe();
      context.alerter.stop();
    },
    probeNow: () => loop.runNow(),
    stateOf(target) {
      const key = typeof target === 'string' ? target : formatTarget(target);
      return context.store.stateOf(targetKey(key))?.state as
        TargetHealthState | undefined;
    },
    systemState: () => judgeSystemNow(context).state,
    async report(input = {}) {
      const { provider } = input;
      if (provider !== undefined && !options.instances.has(provider)) {
        throw unknownInstance(provider, options.instances);
      }
      await evaluateAll();
      return buildHealthReport({ context, targets: targets(), input });
    },
  };
}

/** What judging reads and writes, from the monitor's options and defaults. */
function createContext(
  options: HealthMonitorOptions,
  probers: readonly ProbedInstance[],
): HealthContext {
  const { config } = options;
  const now = options.now ?? Date.now;
  return {
    engine: options.engine,
    routes: options.routes,
    probed: new Set(probers.map((instance) => instance.name)),
    store: options.store ?? createMemoryHealthStore(),
    calls: options.sharedHealth ?? createMemoryCallLog(),
    alerter: createHealthAlerter({
      logger: options.logger,
      webhookUrl: config?.alerts?.webhookUrl,
      webhooks: options.webhooks,
      now,
      scheduler: options.scheduler ?? realScheduler,
      resolve: options.resolveHost,
    }),
    now,
    thresholdsFor: thresholdsOf(config),
  };
}

/**
 * Records a finished call (a cancelled one aside) and says which target to
 * judge again: after a failure that counts for health, after any call at a
 * target that is not healthy, and when a breaker changes.
 */
function recordEvent(options: {
  event: EngineEvent;
  context: HealthContext;
  /** Where a target outside the routes is remembered; undefined for a routed one. */
  outside: Map<string, RouteTarget> | undefined;
  redact: (text: string) => string;
}): string | undefined {
  const { event, context, outside } = options;
  if (event.type === 'breaker-state-change') return formatTarget(event.target);
  if (event.type !== 'attempt-end' || event.code === 'cancelled') return;
  const key = formatTarget(event.target);
  if (outside !== undefined && outside.size < OUTSIDE_TARGETS_KEPT) {
    outside.set(key, event.target);
  }
  const call = {
    ok: event.outcome === 'success',
    latencyMs: event.latencyMs,
    code: event.code,
    at: context.now(),
    message:
      event.message === undefined
        ? undefined
        : options.redact(event.message).slice(0, MESSAGE_LIMIT),
  };
  context.calls.record(key, call);
  const healthy = context.store.stateOf(targetKey(key))?.state === 'healthy';
  return (!call.ok && countsForHealth(call)) || !healthy ? key : undefined;
}

/** The target an event is about, if any. */
function eventKey(event: EngineEvent): string | undefined {
  if (event.type === 'fallback' || event.type === 'hedge') return undefined;
  return formatTarget(event.target);
}

/** The thresholds of a target: the config's, else the defaults. */
function thresholdsOf(
  config: HealthConfig | undefined,
): HealthContext['thresholdsFor'] {
  const thresholds = config?.thresholds ?? {};
  return (entry: MonitoredTarget) => ({
    downAfterFailures: thresholds.downAfterFailures ?? 3,
    downErrorRate: thresholds.downErrorRate ?? 0.5,
    degradedErrorRate: thresholds.degradedErrorRate ?? 0.1,
    minCalls: thresholds.minCalls ?? 5,
    slowP95Ms: thresholds.slowP95Ms ?? entry.defaultSlowP95Ms,
    windowMs: thresholds.windowMs ?? DEFAULT_HEALTH_WINDOW_MS,
  });
}

function unknownInstance(
  name: string,
  instances: ReadonlyMap<string, ProviderInstance>,
): SwitchyardError {
  return new SwitchyardError({
    code: 'not_found',
    message: `No provider instance is named "${name}"; configured instances: ${[...instances.keys()].join(', ')}.`,
  });
}
