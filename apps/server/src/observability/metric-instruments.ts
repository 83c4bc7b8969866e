import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Attempt latencies: generation calls take from tens of ms to minutes. */
const ATTEMPT_BUCKETS_SECONDS = [
  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320,
];
/** The gateway's own time per call: well under a second. */
const OVERHEAD_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];
/** A stream's wait for its first part, fallbacks included. */
const FIRST_TOKEN_BUCKETS_SECONDS = [
  0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64,
];

/**
 * The gateway's Prometheus instruments, on one registry. Label values are
 * bounded by the config (routes, instances, models it names), by unions
 * (types, outcomes, error codes, reasons) or made `other`: never key ids,
 * subjects or prompts.
 */
export function createInstruments(registry: Registry) {
  const registers = [registry];
  return {
    calls: new Counter({
      name: 'switchyard_calls_total',
      help: 'Calls the gateway answered, by route, type, serving provider and model (empty when none served) and outcome (success, error, cached).',
      labelNames: ['route', 'type', 'provider', 'model', 'outcome'] as const,
      registers,
    }),
    attemptDuration: new Histogram({
      name: 'switchyard_attempt_duration_seconds',
      help: 'Latency of each attempt at a provider, by outcome (success, error, cancelled).',
      labelNames: ['provider', 'model', 'type', 'outcome'] as const,
      buckets: ATTEMPT_BUCKETS_SECONDS,
      registers,
    }),
    overhead: new Histogram({
      name: 'switchyard_gateway_overhead_seconds',
      help: "A call's wall time minus the time spent waiting on providers.",
      labelNames: ['route', 'type'] as const,
      buckets: OVERHEAD_BUCKETS_SECONDS,
      registers,
    }),
    fallbacks: new Counter({
      name: 'switchyard_fallbacks_total',
      help: 'Moves to the next target, by the error code or skip reason that caused them.',
      labelNames: ['route', 'reason'] as const,
      registers,
    }),
    hedges: new Counter({
      name: 'switchyard_hedges_total',
      help: 'Hedges started: the next target called beside a first one that had not answered after the route’s hedge.afterMs.',
      labelNames: ['route'] as const,
      registers,
    }),
    retries: new Counter({
      name: 'switchyard_retries_total',
      help: 'Retries at the same target, by the error code that caused them.',
      labelNames: ['route', 'provider', 'code'] as const,
      registers,
    }),
    breakerState: new Gauge({
      name: 'switchyard_breaker_state',
      help: 'Circuit breaker state per target (instance:model): 0 closed, 1 half-open, 2 open.',
      labelNames: ['target'] as const,
      registers,
    }),
    cost: new Counter({
      name: 'switchyard_cost_micro_credits_total',
      help: 'Micro-credits charged to keys, by route, type and serving provider.',
      labelNames: ['route', 'type', 'provider'] as const,
      registers,
    }),
    gatewayCost: new Counter({
      name: 'switchyard_gateway_cost_micro_credits_total',
      help: 'Estimated provider cost the gateway bore itself (not charged to a key), by reason (hedge-loser: a hedged call’s cancelled attempt).',
      labelNames: ['reason'] as const,
      registers,
    }),
    cacheRequests: new Counter({
      name: 'switchyard_cache_requests_total',
      help: 'Result cache lookups by route and result (hit, miss).',
      labelNames: ['route', 'result'] as const,
      registers,
    }),
    firstToken: new Histogram({
      name: 'switchyard_stream_first_token_seconds',
      help: "Time from a stream's start to its first part, fallbacks included.",
      labelNames: ['route', 'provider', 'model'] as const,
      buckets: FIRST_TOKEN_BUCKETS_SECONDS,
      registers,
    }),
    inFlight: new Gauge({
      name: 'switchyard_in_flight_calls',
      help: 'Calls being served now, streams included, by type.',
      labelNames: ['type'] as const,
      registers,
    }),
  };
}

/** The gateway's instruments (see {@link createInstruments}). */
export type Instruments = ReturnType<typeof createInstruments>;
