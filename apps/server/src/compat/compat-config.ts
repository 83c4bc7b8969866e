import { isValidModelId, LIMITS } from '@switchyard/core';
import { z } from 'zod';

/** What a mapped model name stands for: `route:NAME` or a target `instance:model`. */
const modelDestinationSchema = z
  .string()
  .max(LIMITS.routeName + LIMITS.modelId)
  .regex(
    /^[^:\s]+:\S+$/,
    'a model maps to "route:NAME" or to a target "instance:model"',
  );

/**
 * The OpenAI- and Anthropic-compatible routes (`/v1/*`). Optional: without
 * it, `model` takes `route:NAME`, `instance:model`, or a bare model name one
 * route target has.
 */
export const compatConfigSchema = z.strictObject({
  /**
   * Bare model names clients send, mapped to a route or a target:
   * `{ "gpt-4o-mini": "route:text", "claude-haiku-4-5": "anthropic:claude-haiku-4-5" }`.
   */
  models: z
    .record(
      z
        .string()
        .min(1)
        .max(LIMITS.modelId)
        .refine(isValidModelId, 'not a model id'),
      modelDestinationSchema,
    )
    .optional(),
});
export type CompatConfig = z.infer<typeof compatConfigSchema>;

/** A config issue, as zod's `superRefine` context takes it. */
interface IssueSink {
  addIssue(issue: {
    code: 'custom';
    path: (string | number)[];
    message: string;
  }): void;
}

/**
 * Checks that each of `compat.models` maps to a configured route or to a
 * target on a configured instance.
 */
export function checkCompatConfig(
  config: {
    compat?: CompatConfig;
    providers: Record<string, unknown>;
    routes: Record<string, unknown>;
  },
  context: IssueSink,
): void {
  for (const [name, destination] of Object.entries(
    config.compat?.models ?? {},
  )) {
    const colon = destination.indexOf(':');
    // Not of the form at all: its own issue says so.
    if (colon <= 0) continue;
    const prefix = destination.slice(0, colon);
    const rest = destination.slice(colon + 1);
    const path = ['compat', 'models', name];
    if (prefix === 'route') {
      if (!(rest in config.routes)) {
        context.addIssue({
          code: 'custom',
          path,
          message: `"${destination}" names no configured route; routes: ${Object.keys(config.routes).join(', ') || '(none)'}.`,
        });
      }
      continue;
    }
    if (!(prefix in config.providers) || !isValidModelId(rest)) {
      context.addIssue({
        code: 'custom',
        path,
        message: `"${destination}" is neither "route:NAME" nor a target "instance:model" on a configured instance (${Object.keys(config.providers).join(', ')}).`,
      });
    }
  }
}
