import { SpanKind, trace, type Tracer } from '@opentelemetry/api';
import type { GatewayObserver } from '../gateway/gateway-observer';
import { CALL_SPAN, SPAN_ATTRIBUTES, traceCall } from './call-trace';

/** The name the gateway's spans are traced under (their instrumentation scope). */
export const TRACER_NAME = '@switchyard/server';

export { ATTEMPT_SPAN, CALL_SPAN, SPAN_ATTRIBUTES } from './call-trace';

/**
 * The observer that traces calls with `@opentelemetry/api`: a
 * `switchyard.generate` span per call (route, type, outcome, cost) with a
 * `switchyard.attempt` child per attempt (provider, model, attempt number,
 * outcome, error code, fallback reason, cost). Each span ends with its
 * call, however it ends. Without a registered tracer provider (an
 * OpenTelemetry SDK: see `start-tracing.ts`) spans are not recording and
 * the observer leaves the call alone.
 *
 * @example
 * const gateway = await createGateway({ config, logger, observer: createTracingObserver() });
 */
export function createTracingObserver(
  options: { tracer?: Tracer } = {},
): GatewayObserver {
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  return {
    callStarted(start) {
      const span = tracer.startSpan(CALL_SPAN, {
        kind: SpanKind.INTERNAL,
        attributes: {
          [SPAN_ATTRIBUTES.callId]: start.id,
          [SPAN_ATTRIBUTES.route]: start.route,
          [SPAN_ATTRIBUTES.type]: start.type,
          [SPAN_ATTRIBUTES.stream]: start.stream,
        },
      });
      // No SDK (or not sampled): nothing to record, nothing to end.
      if (!span.isRecording()) return undefined;
      return traceCall({ tracer, span });
    },
  };
}
