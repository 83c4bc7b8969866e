import { z } from 'zod';
import { skipReasonSchema } from '../engine/reasons';

/**
 * How a route orders its targets for a call (and so its fallback order):
 * - `ordered`: as the config lists them (the default);
 * - `cheapest`: by the estimated price of this request, unpriced targets last;
 * - `fastest`: by measured latency of recent calls per target and type
 *   (peak-EWMA); a target with too few samples is tried first, to measure it;
 * - `weighted`: a weighted random draw (`weights`), then the rest drawn likewise;
 * - `least-busy`: by calls in flight at each target in this process.
 */
export const ROUTING_STRATEGIES = [
  'ordered',
  'cheapest',
  'fastest',
  'weighted',
  'least-busy',
] as const;
export const routingStrategySchema = z.enum(ROUTING_STRATEGIES);
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;

/** A model's quality tier, lowest first. */
export const QUALITY_TIERS = ['draft', 'standard', 'premium'] as const;
export const qualityTierSchema = z.enum(QUALITY_TIERS);
export type QualityTier = z.infer<typeof qualityTierSchema>;

/** A model's speed tier, fastest first. */
export const SPEED_TIERS = ['fast', 'standard', 'relaxed'] as const;
export const speedTierSchema = z.enum(SPEED_TIERS);
export type SpeedTier = z.infer<typeof speedTierSchema>;

/** Named budgets; each route maps them to micro-credit caps (`budgets`). */
export const BUDGET_LEVELS = ['low', 'medium', 'high'] as const;
export const budgetLevelSchema = z.enum(BUDGET_LEVELS);
export type BudgetLevel = z.infer<typeof budgetLevelSchema>;

/**
 * A model's tiers, from the config (`providers.<name>.tiers`) or the
 * provider's catalog. A model with no tier counts as `standard`.
 */
export const modelTierSchema = z
  .strictObject({
    quality: qualityTierSchema.optional(),
    speed: speedTierSchema.optional(),
  })
  .partial();
export type ModelTier = z.infer<typeof modelTierSchema>;

/**
 * What a caller needs of the target that serves a request. Targets that
 * cannot meet it are skipped (`requirement-unmet`, with which requirement);
 * when none can, the error names the requirement that excluded each target.
 */
export const requirementsSchema = z.strictObject({
  /** The lowest quality tier acceptable. */
  quality: qualityTierSchema.optional(),
  /** The slowest speed tier acceptable. */
  speed: speedTierSchema.optional(),
  /**
   * The most this request may cost: micro-credits, or a level the route
   * maps to micro-credits (`budgets`). Unpriced targets cannot meet it.
   */
  budget: z
    .union([
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      budgetLevelSchema,
    ])
    .optional(),
  /**
   * The longest the caller will wait: targets whose measured latency is
   * longer are skipped, and the call's deadline is at most this.
   */
  maxLatencyMs: z.number().int().min(1).max(3_600_000).optional(),
});
export type Requirements = z.infer<typeof requirementsSchema>;

/** A target's health state, as the health monitor judges it. */
export const TARGET_HEALTH_STATES = ['healthy', 'degraded', 'down'] as const;
export const targetHealthStateSchema = z.enum(TARGET_HEALTH_STATES);
export type TargetHealthState = z.infer<typeof targetHealthStateSchema>;

/** The gateway's health as a whole: `critical` when a type has no target up. */
export const SYSTEM_HEALTH_STATES = [
  'healthy',
  'degraded',
  'critical',
] as const;
export const systemHealthStateSchema = z.enum(SYSTEM_HEALTH_STATES);
export type SystemHealthState = z.infer<typeof systemHealthStateSchema>;

/** One target as `routes.explain` shows it. */
export const targetExplanationSchema = z.object({
  /** `instance:model`. */
  target: z.string(),
  instance: z.string(),
  model: z.string(),
  /** 1-based place among the included targets: the order calls try them in. */
  rank: z.number().int().positive().optional(),
  included: z.boolean(),
  /** Why it would be skipped without a call (absent when included). */
  skip: z.object({ reason: skipReasonSchema, message: z.string() }).optional(),
  /** Why the strategy put it where it is, in words. */
  why: z.string(),
  /** The price this request would be held at here; absent when unpriced. */
  estimatedCostMicroCredits: z.number().int().nonnegative().optional(),
  /** Measured latency (peak-EWMA) of recent calls of this type; absent before enough samples. */
  expectedLatencyMs: z.number().nonnegative().optional(),
  /** Recent calls measured at this target for this type. */
  latencySamples: z.number().int().nonnegative(),
  /** Calls in flight there now (this process). */
  inFlight: z.number().int().nonnegative(),
  breaker: z.enum(['closed', 'open', 'half-open']),
  health: targetHealthStateSchema.optional(),
});
export type TargetExplanation = z.infer<typeof targetExplanationSchema>;

/** What `routes.explain` returns: where a call would go, and why, before it is made. */
export const routeExplanationSchema = z.object({
  route: z.string(),
  type: z.string(),
  strategy: routingStrategySchema,
  requirements: requirementsSchema.optional(),
  /** Every target of the route: included ones first, in the order they would be tried. */
  targets: z.array(targetExplanationSchema),
  /** The target a call would try first; absent when none is included. */
  first: z.string().optional(),
  /** When set, the route starts the next target after this long without an answer. */
  hedgeAfterMs: z.number().int().positive().optional(),
});
export type RouteExplanation = z.infer<typeof routeExplanationSchema>;
