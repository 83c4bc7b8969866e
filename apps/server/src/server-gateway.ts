import type { AppOptions } from './app';
import {
  createConfiguredArtifacts,
  type ConfiguredArtifacts,
} from './artifacts/configured-artifacts';
import type { LoadedConfig } from './config/load-config';
import type { connectSharedState } from './connect-shared-state';
import {
  createGateway,
  type Gateway,
  type GatewayHealthOptions,
} from './gateway/gateway';
import { withSecretRedaction, type Logger } from './logger';
import {
  createServerObservability,
  type ServerObservability,
} from './observability/server-observability';
import type { CreateServerOptions } from './server';

/** The app's settings the config's `http`, `cors` and `compat` give. */
export function appSettingsOf(
  config: LoadedConfig,
): Pick<AppOptions, 'maxBodyBytes' | 'maxBatchSize' | 'cors' | 'compat'> {
  const { http, cors, compat } = config.config;
  return {
    maxBodyBytes: http?.maxBodyBytes,
    maxBatchSize: http?.maxBatchSize,
    cors,
    compat,
  };
}

/** Starts the gateway's health monitor (its baseline, then its probes); a failure is logged, not thrown. */
export async function startHealthMonitor(
  gateway: Gateway,
  logger: Logger,
): Promise<void> {
  await gateway.healthMonitor.start().catch((error: unknown) => {
    logger.error({ err: error }, 'the health monitor could not start');
  });
}

/**
 * The gateway on the shared state, keeping outputs as the config's
 * `artifacts` say, watched by the server's metrics and traces; with the
 * logger that scrubs its credentials from every line.
 */
export async function createServerGateway(options: {
  config: LoadedConfig;
  logger: Logger;
  shared: Awaited<ReturnType<typeof connectSharedState>>;
  now?: () => number;
  routing?: CreateServerOptions['routing'];
  health?: Omit<GatewayHealthOptions, 'store'>;
}): Promise<
  {
    gateway: Gateway;
    artifacts: ConfiguredArtifacts | undefined;
    logger: Logger;
  } & Omit<ServerObservability, 'observer'>
> {
  const { config, logger, shared } = options;
  const observability = createServerObservability(options);
  const artifacts = await createConfiguredArtifacts({
    config,
    logger,
    now: options.now,
  });
  const gateway = await createGateway({
    config,
    logger,
    redis: shared.redis,
    sharedBreakers: shared.breakers,
    sharedHealth: shared.health,
    resultCache: shared.resultCache,
    artifactKeeper: artifacts?.keeper,
    now: options.routing?.now,
    random: options.routing?.random,
    health: { ...options.health, store: shared.healthStore },
    observer: observability.observer,
  });
  // From here on, every log line is scrubbed of the configured credentials.
  const redacted = withSecretRedaction(logger, (text) => gateway.redact(text));
  observability.metrics?.attach({ gateway, logger: redacted });
  observability.metrics?.observeHealth(async () => {
    const health = await gateway.health();
    return { system: health.status, targets: health.targets };
  });
  const { metrics, endpoint } = observability;
  return { gateway, artifacts, logger: redacted, metrics, endpoint };
}
