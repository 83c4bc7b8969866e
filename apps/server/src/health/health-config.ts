import { z } from 'zod';

/** How often each provider instance is probed, by default: 30 s. */
export const DEFAULT_PROBE_INTERVAL_MS = 30_000;
/** How long a probe may take before it counts as a `timeout` failure, by default. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
/** How far back calls count for error rates and latency, by default: 5 minutes. */
export const DEFAULT_HEALTH_WINDOW_MS = 5 * 60_000;

/**
 * When a target turns `degraded` or `down`. Rates and latency count the
 * health-relevant calls (those whose error says something about the target,
 * as for breakers) within `windowMs`.
 */
export const healthThresholdsSchema = z.strictObject({
  /** Consecutive failures, probes of the instance or calls, that make a target `down`. Default 3. */
  downAfterFailures: z.number().int().min(1).max(1_000).optional(),
  /** Error rate (0..1) at or above which a target is `down`. Default 0.5. */
  downErrorRate: z.number().min(0).max(1).optional(),
  /** Error rate (0..1) at or above which a target is `degraded`. Default 0.1. */
  degradedErrorRate: z.number().min(0).max(1).optional(),
  /** Calls in the window before rates and latency count. Default 5. */
  minCalls: z.number().int().min(1).max(10_000).optional(),
  /** p95 latency at or above which a target is `degraded`. Default: half its route's `timeoutMs`. */
  slowP95Ms: z.number().int().min(1).max(3_600_000).optional(),
  /**
   * How far back calls count, and how long an unbroken run of failures
   * keeps a target `down` without a new one (a target no call reaches can
   * come back). Default 300000 ms.
   */
  windowMs: z.number().int().min(1_000).max(86_400_000).optional(),
});
export type HealthThresholdsConfig = z.infer<typeof healthThresholdsSchema>;

/**
 * `health` in the config: active probes of every provider instance, the
 * thresholds of target states, and alerts when a state changes.
 */
export const healthConfigSchema = z.strictObject({
  /** How often each instance is probed (one replica per interval). Default 30000 ms. */
  probeIntervalMs: z.number().int().min(1_000).max(3_600_000).optional(),
  /** How long a probe may take; longer is a `timeout` failure. Default 5000 ms. */
  probeTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  /**
   * Per instance: `false` turns its probe off (its health then comes from
   * its calls only). Instances whose provider has no probe are passive anyway.
   */
  probes: z.record(z.string(), z.literal(false)).optional(),
  thresholds: healthThresholdsSchema.optional(),
  alerts: z
    .strictObject({
      /** Where `health.changed` events are POSTed, signed with `webhooks.secret`. */
      webhookUrl: z
        .url({ protocol: /^https?$/ })
        .max(2_048)
        .optional(),
    })
    .optional(),
});
export type HealthConfig = z.infer<typeof healthConfigSchema>;

/** A config issue, as zod's `superRefine` context takes it. */
interface IssueSink {
  addIssue(issue: {
    code: 'custom';
    path: (string | number)[];
    message: string;
  }): void;
}

/**
 * The checks of `health` that need the rest of the config: alerts need
 * `webhooks.secret` to be signed, and `probes` must name configured instances.
 */
export function checkHealthConfig(
  config: {
    health?: HealthConfig;
    webhooks?: { secret: string };
    providers: Record<string, unknown>;
  },
  context: IssueSink,
): void {
  const { health } = config;
  if (health?.alerts?.webhookUrl !== undefined && !config.webhooks) {
    context.addIssue({
      code: 'custom',
      path: ['health', 'alerts', 'webhookUrl'],
      message:
        'health alerts are signed with webhooks.secret: add webhooks: { secret: "..." } (at least 16 characters).',
    });
  }
  const instances = Object.keys(config.providers);
  for (const name of Object.keys(health?.probes ?? {})) {
    if (instances.includes(name)) continue;
    context.addIssue({
      code: 'custom',
      path: ['health', 'probes', name],
      message: `"${name}" is not a configured provider instance; configured instances: ${instances.join(', ') || '(none)'}.`,
    });
  }
}
