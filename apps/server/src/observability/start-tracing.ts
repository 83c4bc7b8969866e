import type { Environment } from '../config/substitute-environment';

/** The service name traces carry unless `OTEL_SERVICE_NAME` says otherwise. */
export const DEFAULT_SERVICE_NAME = 'switchyard';

/**
 * Whether the standard OpenTelemetry variables ask for traces: an
 * `OTEL_TRACES_EXPORTER` other than `none`, or an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`);
 * never with `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
 */
export function tracingRequested(environment: Environment): boolean {
  const value = (name: string) => environment[name]?.trim() ?? '';
  if (value('OTEL_SDK_DISABLED').toLowerCase() === 'true') return false;
  const exporters = value('OTEL_TRACES_EXPORTER')
    .split(',')
    .map((exporter) => exporter.trim())
    .filter((exporter) => exporter !== '');
  if (exporters.includes('none')) return false;
  if (exporters.length > 0) return true;
  return (
    value('OTEL_EXPORTER_OTLP_ENDPOINT') !== '' ||
    value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== ''
  );
}

/** A started OpenTelemetry SDK: flushes and stops its exporters. */
export interface StartedTracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK when {@link tracingRequested} says so;
 * it reads its exporter, endpoint, protocol, headers, sampler and resource
 * from the standard `OTEL_*` variables (`process.env`). Only traces are
 * set up unless `OTEL_LOGS_EXPORTER` / `OTEL_METRICS_EXPORTER` ask for more
 * (the gateway's own metrics are at `/metrics`). Returns undefined, and
 * loads nothing, when tracing is not asked for. Call it before the server
 * starts.
 *
 * @example
 * const tracing = await startTracing(process.env);
 * // … on shutdown:
 * await tracing?.shutdown();
 */
export async function startTracing(
  environment: Environment,
): Promise<StartedTracing | undefined> {
  if (!tracingRequested(environment)) return undefined;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName:
      environment.OTEL_SERVICE_NAME === undefined
        ? DEFAULT_SERVICE_NAME
        : undefined,
    // Logs only when asked for: the gateway logs through pino.
    ...(environment.OTEL_LOGS_EXPORTER === undefined
      ? { logRecordProcessors: [] }
      : {}),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
