import { z } from 'zod';

/**
 * `metrics` in the config: the Prometheus endpoint `GET /metrics`. Without
 * it, the endpoint is on and open to anyone who can reach the server (it
 * shows no key, subject or prompt).
 */
export const metricsConfigSchema = z.strictObject({
  /** Serve `/metrics` and keep its counts. Default true. */
  enabled: z.boolean().optional(),
  /**
   * When set, a scrape must send `Authorization: Bearer <token>` (401
   * otherwise); say `\${SWITCHYARD_METRICS_TOKEN}`. At least 16 characters.
   * Default none.
   */
  token: z
    .string()
    .min(16, 'the metrics token needs at least 16 characters')
    .max(1_024)
    .optional(),
});
/** The config's `metrics` settings. */
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;
