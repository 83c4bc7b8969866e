import { errorCodeSchema } from '@switchyard/core';
import { z } from 'zod';

/**
 * Faults to inject, so fallback, retries and timeouts can be shown offline.
 * Latency applies to every call; `rate` is the share of calls that then fail.
 */
export const localFaultsSchema = z.strictObject({
  /** Share of calls that fail, from 0 (none) to 1 (all). */
  rate: z.number().min(0).max(1),
  /** The error code a failing call throws (default `server_error`). */
  code: errorCodeSchema.optional(),
  /** Retry-After a failing call reports, in milliseconds. */
  retryAfterMs: z.number().int().min(0).max(86_400_000).optional(),
  /** Delay before every call answers or fails; aborting the call ends it. */
  latencyMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type LocalFaults = z.infer<typeof localFaultsSchema>;

/** Settings of a `local` provider instance, as written under `providers.<name>`. */
export const localSettingsSchema = z.strictObject({
  faults: localFaultsSchema.optional(),
  /**
   * Let image-to-video fetch an `image.url` (http or https) itself. Default
   * false: the gateway would then fetch any address a caller names, its own
   * network's included, so it is for trusted callers only. Without it an
   * image by URL is `unsupported` and the route moves on; base64 and
   * `data:` URLs always work.
   */
  fetchImageUrls: z.boolean().optional(),
});
export type LocalSettings = z.infer<typeof localSettingsSchema>;
