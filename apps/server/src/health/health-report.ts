import {
  errorCodeSchema,
  LIMITS,
  MODEL_KINDS,
  systemHealthStateSchema,
  targetHealthStateSchema,
} from '@switchyard/core';
import { z } from 'zod';
import { TARGET_HEALTH_REASONS } from './health-judge';

/** What `providers.health` takes: every field optional, the input itself too. */
export const providersHealthInputSchema = z
  .object({
    /** Only the targets of this provider instance (the config's name). */
    provider: z.string().min(1).max(LIMITS.instanceName).optional(),
    /** Add uptime, errors by code, the last error and probe, and the thresholds crossed. */
    detailed: z.boolean().optional(),
  })
  .optional();
export type ProvidersHealthInput = z.infer<typeof providersHealthInputSchema>;

const share = z.number().min(0).max(1);

/** Health of one target as `providers.health` shows it. */
export const targetHealthReportSchema = z.object({
  /** `instance:model`. */
  target: z.string(),
  instance: z.string(),
  model: z.string(),
  /** Routes that list this target. */
  routes: z.array(z.string()),
  /** `healthy`, `degraded` or `down` (the router skips `down` targets). */
  state: targetHealthStateSchema,
  breaker: z.enum(['closed', 'open', 'half-open']),
  /** Calls in the recent window (the last 100). */
  recentCalls: z.number().int().nonnegative(),
  /** Share of recent calls that succeeded, 0..1; absent before any call. */
  successRate: share.optional(),
  latencyP50Ms: z.number().nonnegative().optional(),
  latencyP95Ms: z.number().nonnegative().optional(),
  lastErrorCode: errorCodeSchema.optional(),
  /** Epoch milliseconds of the last call. */
  lastCallAt: z.number().optional(),
  /** `detailed`: epoch milliseconds since the target has been in its state. */
  stateSince: z.number().optional(),
  /** `detailed`: the thresholds the target crosses now (empty when healthy). */
  thresholdsCrossed: z.array(z.enum(TARGET_HEALTH_REASONS)).optional(),
  /** `detailed`: failures in a row, probes of its instance and calls. */
  consecutiveFailures: z.number().int().nonnegative().optional(),
  /** `detailed`: share of time not `down` (since monitoring began, at most the window). */
  uptime: z
    .object({ last5m: share, last1h: share, last24h: share })
    .partial()
    .optional(),
  /** `detailed`: recent failed calls by error code. */
  errorsByCode: z
    .partialRecord(errorCodeSchema, z.number().int().positive())
    .optional(),
  /** `detailed`: the last failure, a call's or a probe's. */
  lastError: z
    .object({
      code: errorCodeSchema,
      /** Credentials redacted. */
      message: z.string(),
      at: z.number(),
      source: z.enum(['call', 'probe']),
    })
    .optional(),
  /** `detailed`: the last probe of its instance; absent for passive instances. */
  lastProbe: z
    .object({
      ok: z.boolean(),
      latencyMs: z.number().nonnegative(),
      at: z.number(),
      code: errorCodeSchema.optional(),
    })
    .optional(),
});
export type TargetHealthReport = z.infer<typeof targetHealthReportSchema>;

/** One route type as the system's health sees it. */
export const typeHealthSchema = z.object({
  type: z.enum(MODEL_KINDS),
  /** `critical` when none of its targets is up. */
  state: systemHealthStateSchema,
  targets: z.number().int().nonnegative(),
  /** Targets that are not `down`. */
  up: z.number().int().nonnegative(),
});

/** What `providers.health` returns. */
export const providersHealthSchema = z.object({
  /** `healthy` (every target healthy), `degraded` (some degraded or down) or `critical` (a type has no target up). */
  status: systemHealthStateSchema,
  /** Epoch milliseconds of this report. */
  checkedAt: z.number(),
  targets: z.array(targetHealthReportSchema),
  /** `detailed`: the system's view. */
  system: z
    .object({
      /** Epoch milliseconds since the system has been in its state. */
      since: z.number().optional(),
      types: z.array(typeHealthSchema),
      /** Share of this process's last 1000 calls served from the cache. */
      cacheHitRate: share.optional(),
      /** Share of this process's last 1000 calls served by a target other than the first one tried. */
      fallbackRate: share.optional(),
    })
    .optional(),
});
export type ProvidersHealth = z.infer<typeof providersHealthSchema>;
