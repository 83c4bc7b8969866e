export { createApp, DEFAULT_MAX_BODY_BYTES } from './app';
export type { AppEnvironment, AppOptions, ServerState } from './app';
export { ConfigError, formatConfigPath } from './config/config-error';
export type { ConfigErrorOptions, ConfigIssue } from './config/config-error';
export { DEFAULT_CONFIG, switchyardConfigSchema } from './config/config-schema';
export type {
  AuthConfig,
  ProviderInstanceConfig,
  RedisConfig,
  StoreConfig,
  SwitchyardConfig,
  SwitchyardConfigInput,
} from './config/config-schema';
export {
  CONFIG_ENVIRONMENT_VARIABLE,
  loadConfig,
  parseConfig,
} from './config/load-config';
export type {
  LoadConfigOptions,
  LoadedConfig,
  ParseConfigOptions,
} from './config/load-config';
export type { Environment } from './config/substitute-environment';
export type { ConsoleConfig } from './console/console-config';
export { createGateway } from './gateway/gateway';
export type {
  Gateway,
  GatewayOptions,
  GenerateOptions,
} from './gateway/gateway';
export { combineObservers } from './gateway/gateway-observer';
export type {
  CallEnd,
  CallOutcome,
  CallStart,
  CallWatch,
  FirstToken,
  GatewayObserver,
} from './gateway/gateway-observer';
export type {
  ProviderListing,
  ProviderModel,
} from './gateway/provider-reports';
export type { HealthConfig } from './health/health-config';
export { createHealthMonitor } from './health/health-monitor';
export type { HealthMonitor } from './health/health-monitor';
export type {
  ProvidersHealth,
  ProvidersHealthInput,
  TargetHealthReport,
} from './health/health-report';
export { runKeysCommand } from './cli/keys';
export { HEAP_GROWING_VARIABLE, tuneHeap } from './cli/tune-heap';
export type { CommandOutput } from './cli/keys';
export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { createGatewayMetrics } from './observability/gateway-metrics';
export type { GatewayMetrics } from './observability/gateway-metrics';
export { metricsConfigSchema } from './observability/metrics-config';
export type { MetricsConfig } from './observability/metrics-config';
export type {
  HealthReader,
  HealthSnapshot,
} from './observability/scrape-gauges';
export { createTracingObserver } from './observability/tracing';
export type { AppRouter } from './router';
export {
  createServer,
  DEFAULT_CONSOLE_DIR,
  DEFAULT_HOSTNAME,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
} from './server';
export type { CreateServerOptions, SwitchyardServer } from './server';
export type { ErrorData, ErrorShape, InputIssue } from './trpc-errors';
