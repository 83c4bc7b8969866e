import type { LoadedConfig } from '../config/load-config';
import {
  combineObservers,
  type GatewayObserver,
} from '../gateway/gateway-observer';
import { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics';
import type { MetricsEndpoint } from './metrics-route';
import { createTracingObserver } from './tracing';

/** What the server watches its gateway with: metrics (unless the config turns them off) and traces. */
export interface ServerObservability {
  /** The gateway's observer: metrics and traces together. */
  observer: GatewayObserver;
  /** Undefined when the config's `metrics.enabled` is false. */
  metrics: GatewayMetrics | undefined;
  /** What `GET /metrics` serves; undefined when metrics are off. */
  endpoint: MetricsEndpoint | undefined;
}

/**
 * The server's metrics (config `metrics`, on by default) and traces (always
 * watched; recorded only when an OpenTelemetry SDK is registered, see
 * `start-tracing.ts`). `now` caches the store's job counts.
 */
export function createServerObservability(options: {
  config: LoadedConfig;
  now?: () => number;
}): ServerObservability {
  const settings = options.config.config.metrics;
  const tracing = createTracingObserver();
  if (settings?.enabled === false) {
    return { observer: tracing, metrics: undefined, endpoint: undefined };
  }
  const metrics = createGatewayMetrics(options);
  return {
    observer: combineObservers([metrics.observer, tracing]),
    metrics,
    endpoint: {
      scrape: () => metrics.scrape(),
      contentType: metrics.contentType,
      token: settings?.token,
    },
  };
}
