import { z } from 'zod';
import { errorCodeSchema } from '../errors/codes';
import { resultCacheSettingsSchema } from '../schemas/common';
import {
  BUDGET_LEVELS,
  routingStrategySchema,
  type BudgetLevel,
} from '../schemas/routing';
import { SwitchyardError } from '../errors/switchyard-error';
import type { ModelKind } from '../provider/contract';
import { isModelKind, MODEL_KINDS } from '../provider/model-of-kind';
import type { Route, RouteTarget } from './types';

/** Defaults a route gets for every setting it leaves out. */
export const ROUTE_DEFAULTS = {
  retry: {
    maxAttempts: 2,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 10_000,
  },
  breaker: { failureThreshold: 5, halfOpenAfterMs: 30_000 },
  timeoutMs: 60_000,
  deadlineMs: 120_000,
  chunkTimeoutMs: 30_000,
  strategy: 'ordered',
  /** `fastest`: samples before a target's latency is trusted, and how fast old ones fade. */
  fastest: { minSamples: 5, decayMs: 10_000 },
  /** What `requirements.budget: low | medium | high` caps a request at, in micro-credits. */
  budgets: { low: 1_000, medium: 10_000, high: 100_000 },
} as const;

/**
 * Time defaults of kinds whose providers run minutes-long tasks: a video
 * attempt may poll for 15 minutes and the route for an hour (the most a
 * route may set).
 */
export const LONG_TASK_ROUTE_DEFAULTS: Partial<
  Record<ModelKind, { timeoutMs: number; deadlineMs: number }>
> = {
  video: { timeoutMs: 900_000, deadlineMs: 3_600_000 },
  training: { timeoutMs: 3_600_000, deadlineMs: 3_600_000 },
};

const targetPattern = /^[A-Za-z0-9][\w.-]*:.+$/;

/** A route as the config file gives it (see DESIGN.md). */
export const routeSettingsSchema = z
  .object({
    /** A model kind (`image`, `text`, `speech`, `music`, `video`, `training`); defaults to the route's name when that is a kind. */
    type: z.enum(MODEL_KINDS).optional(),
    targets: z
      .array(
        z
          .string()
          .max(400)
          .regex(
            targetPattern,
            'a target is "instance:model", e.g. "openai:gpt-4o-mini"',
          ),
      )
      .min(1)
      .max(32),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(10),
        baseDelayMs: z.number().int().min(0).max(60_000),
        maxDelayMs: z.number().int().min(0).max(300_000),
        maxRetryAfterMs: z.number().int().min(0).max(3_600_000),
      })
      .partial()
      .strict()
      .optional(),
    breaker: z
      .object({
        failureThreshold: z.number().int().min(1).max(1_000),
        halfOpenAfterMs: z.number().int().min(0).max(86_400_000),
      })
      .partial()
      .strict()
      .optional(),
    timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    deadlineMs: z.number().int().min(1).max(3_600_000).optional(),
    /** Streams: the longest wait between two parts once text has started. */
    chunkTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    /** Serve repeats of an identical request from the result cache for `ttlMs`. */
    cache: resultCacheSettingsSchema.optional(),
    /** How targets are ordered per call (see `ROUTING_STRATEGIES`). Default `ordered`. */
    strategy: routingStrategySchema.optional(),
    /** `weighted`: each target's weight (default 1; 0 never first). Keys are targets of this route. */
    weights: z
      .record(z.string().max(400), z.number().min(0).max(1_000_000))
      .optional(),
    /** `fastest`: samples before a latency is trusted (5), and the fade time of old samples (10 s). */
    fastest: z
      .object({
        minSamples: z.number().int().min(1).max(1_000),
        decayMs: z.number().int().min(1).max(86_400_000),
      })
      .partial()
      .strict()
      .optional(),
    /** Micro-credit caps of `requirements.budget: low | medium | high`. */
    budgets: z
      .partialRecord(
        z.enum(BUDGET_LEVELS),
        z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      )
      .optional(),
    /**
     * Start the next target when the first has not answered after `afterMs`;
     * the first good result wins and the other is cancelled. Only when the
     * next target's estimated price is at most `maxExtraCost` micro-credits
     * (no cap when absent). Never for task models that cannot be cancelled.
     */
    hedge: z
      .object({
        afterMs: z.number().int().min(1).max(3_600_000),
        maxExtraCost: z
          .number()
          .int()
          .min(0)
          .max(Number.MAX_SAFE_INTEGER)
          .optional(),
      })
      .strict()
      .optional(),
    /** Streams: fall back when a target sends no first part within this long. */
    firstTokenTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    /** Per-code overrides: `{ rate_limited: { fallback: false } }`. */
    onError: z
      .partialRecord(
        errorCodeSchema,
        z
          .object({ retryable: z.boolean(), fallback: z.boolean() })
          .partial()
          .strict(),
      )
      .optional(),
  })
  .strict()
  .superRefine((route, context) => {
    for (const key of Object.keys(route.weights ?? {})) {
      if (!route.targets.includes(key)) {
        context.addIssue({
          code: 'custom',
          path: ['weights', key],
          message: `"${key}" is not a target of this route; weights are keyed by its targets: ${route.targets.join(', ')}.`,
        });
      }
    }
  });
export type RouteSettings = z.infer<typeof routeSettingsSchema>;

/** Splits `instance:model` at the first colon (model ids may hold colons). */
export function parseTarget(target: string): RouteTarget {
  const colon = target.indexOf(':');
  if (colon <= 0 || colon === target.length - 1) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `"${target}" is not a target: write "instance:model", e.g. "local:procedural".`,
    });
  }
  return { instance: target.slice(0, colon), model: target.slice(colon + 1) };
}

/** Writes a target as `instance:model`, the form {@link parseTarget} reads. */
export function formatTarget(target: RouteTarget): string {
  return `${target.instance}:${target.model}`;
}

/** Builds a {@link Route} from config settings, filling in the defaults. */
export function createRoute(options: {
  name: string;
  settings: RouteSettings;
}): Route {
  const { name, settings } = options;
  const kind = settings.type ?? kindFromName(name);
  const times = LONG_TASK_ROUTE_DEFAULTS[kind] ?? ROUTE_DEFAULTS;
  return {
    name,
    kind,
    targets: settings.targets.map(parseTarget),
    retry: { ...ROUTE_DEFAULTS.retry, ...settings.retry },
    breaker: { ...ROUTE_DEFAULTS.breaker, ...settings.breaker },
    timeoutMs: settings.timeoutMs ?? times.timeoutMs,
    deadlineMs: settings.deadlineMs ?? times.deadlineMs,
    chunkTimeoutMs: settings.chunkTimeoutMs ?? ROUTE_DEFAULTS.chunkTimeoutMs,
    decisions: settings.onError,
    cache: settings.cache,
    strategy: settings.strategy ?? ROUTE_DEFAULTS.strategy,
    weights: settings.weights,
    fastest: { ...ROUTE_DEFAULTS.fastest, ...settings.fastest },
    budgets: budgetsOf(settings.budgets),
    hedge: settings.hedge,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs,
  };
}

function budgetsOf(
  budgets: RouteSettings['budgets'],
): Record<BudgetLevel, number> {
  return { ...ROUTE_DEFAULTS.budgets, ...budgets };
}

function kindFromName(name: string): ModelKind {
  if (isModelKind(name)) return name;
  throw new SwitchyardError({
    code: 'invalid_request',
    message: `Route "${name}" needs a type: add "type: image", "text", "speech", "music", "video" or "training".`,
  });
}

/**
 * Applies a request's routing fields to a route: `providers` reorders and
 * restricts the targets to those instances, `provider` keeps only that
 * instance, and `fallback: false` keeps only the first target.
 * Throws `not_found` when nothing is left, naming the instances the route has.
 */
export function applyRoutingOptions(
  route: Route,
  options: { provider?: string; providers?: string[]; fallback?: boolean },
): Route {
  let targets = route.targets;
  if (options.providers !== undefined) {
    const order = options.providers;
    targets = order.flatMap((instance) =>
      targets.filter((target) => target.instance === instance),
    );
  }
  if (options.provider !== undefined) {
    targets = targets.filter((target) => target.instance === options.provider);
  }
  if (targets.length === 0) {
    const known = [...new Set(route.targets.map((target) => target.instance))];
    const asked = options.provider ?? options.providers?.join(', ') ?? '';
    throw new SwitchyardError({
      code: 'not_found',
      message: `Route "${route.name}" has no target on ${asked}; its providers are: ${known.join(', ')}.`,
    });
  }
  if (options.fallback === false) targets = targets.slice(0, 1);
  return { ...route, targets };
}
