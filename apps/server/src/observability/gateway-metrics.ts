import type { JobStore } from '@switchyard/core';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { LoadedConfig } from '../config/load-config';
import type { Gateway } from '../gateway/gateway';
import type { GatewayObserver } from '../gateway/gateway-observer';
import type { Logger } from '../logger';
import { createCallMetrics } from './call-metrics';
import { createEngineMetrics } from './engine-metrics';
import { createInstruments } from './metric-instruments';
import { createMetricLabels, type MetricLabels } from './metric-labels';
import {
  cachedRead,
  JOB_COUNTS_MAX_AGE_MS,
  registerHealthGauges,
  registerJobGauges,
  type HealthReader,
  type HealthSnapshot,
} from './scrape-gauges';

/**
 * A gateway's Prometheus metrics (names `switchyard_*`, listed in the
 * README) on a registry of its own, with the process's default metrics.
 */
export interface GatewayMetrics {
  /** This gateway's registry (never prom-client's global one). */
  readonly registry: Registry;
  /** Counts each call: give it to `createGateway` as (part of) its `observer`. */
  readonly observer: GatewayObserver;
  /**
   * Counts the gateway's engine events (attempts, retries, fallbacks,
   * breakers) and learns its instances' models, the only ones a `model`
   * label names. Call once, after `createGateway`; `logger` hears of reads
   * that fail at scrape time.
   */
  attach(options: {
    gateway: Pick<Gateway, 'listProviders' | 'onEvent'>;
    logger: Logger;
  }): void;
  /** Shows the store's jobs by status and the queue depth, read at scrape time (at most once a second). */
  watchJobs(jobs: Pick<JobStore, 'countByStatus'>): void;
  /**
   * Shows the health monitor's states (`switchyard_health_state`,
   * `switchyard_system_health_state`), read at each scrape. A later call
   * replaces the reader.
   *
   * @example
   * metrics.observeHealth(() => ({ system: 'healthy', targets: [{ target: 'openai:gpt-4o-mini', state: 'healthy' }] }));
   */
  observeHealth(read: HealthReader): void;
  /** The metrics in Prometheus text format. */
  scrape(): Promise<string>;
  /** The content type of {@link GatewayMetrics.scrape}'s text. */
  readonly contentType: string;
  /** Stops counting the gateway's engine events. */
  close(): void;
}

/**
 * Creates a gateway's metrics. `now` is the clock job counts are cached by
 * (default `Date.now`).
 *
 * @example
 * const metrics = createGatewayMetrics({ config });
 * const gateway = await createGateway({ config, logger, observer: metrics.observer });
 * metrics.attach({ gateway, logger });
 * const text = await metrics.scrape();
 */
export function createGatewayMetrics(options: {
  config: LoadedConfig;
  now?: () => number;
}): GatewayMetrics {
  const { config } = options;
  const now = options.now ?? Date.now;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const instruments = createInstruments(registry);
  let labels: MetricLabels = createMetricLabels({ config, listing: [] });
  const currentLabels = () => labels;
  const unsubscribe: Array<() => void> = [];
  let health: HealthReader | undefined;
  let logger: Logger | undefined;
  const warn = (message: string) => (error: unknown) =>
    logger?.warn({ err: error }, message);
  return {
    registry,
    observer: createCallMetrics({ instruments, labels: currentLabels }),
    attach({ gateway, ...attached }) {
      logger = attached.logger;
      labels = createMetricLabels({ config, listing: gateway.listProviders() });
      // Every configured target starts closed, so its series exists at once.
      for (const target of labels.routeTargets()) {
        instruments.breakerState.set(
          { target: boundedTarget(labels, target) },
          0,
        );
      }
      unsubscribe.push(
        gateway.onEvent(
          createEngineMetrics({ instruments, labels: currentLabels }),
        ),
      );
    },
    watchJobs(jobs) {
      registerJobGauges({
        registry,
        counts: cachedRead({
          read: () => jobs.countByStatus(),
          maxAgeMs: JOB_COUNTS_MAX_AGE_MS,
          now,
          onError: warn('metrics: counting jobs failed'),
        }),
      });
    },
    observeHealth(read) {
      const first = health === undefined;
      health = read;
      if (!first) return;
      registerHealthGauges({
        registry,
        target: (target) => boundedTarget(currentLabels(), target),
        snapshot: cachedRead<HealthSnapshot>({
          read: () => (health ?? read)(),
          // Shared by the two gauges of one scrape only.
          maxAgeMs: 0,
          now,
          onError: warn('metrics: reading health failed'),
        }),
      });
    },
    scrape: () => registry.metrics(),
    contentType: registry.contentType,
    close() {
      for (const stop of unsubscribe.splice(0)) stop();
    },
  };
}

/** An `instance:model` target string with its model bounded. */
function boundedTarget(labels: MetricLabels, target: string): string {
  const colon = target.indexOf(':');
  if (colon < 0) return target;
  return labels.target({
    instance: target.slice(0, colon),
    model: target.slice(colon + 1),
  });
}
