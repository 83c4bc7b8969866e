import { z } from 'zod';

/** Claude model ids with known prices; any other id is passed through. */
export type AnthropicModelId =
  'claude-haiku-4-5' | 'claude-sonnet-4-5' | 'claude-opus-4-1' | (string & {});

/** Options under `providerOptions.anthropic`. */
export const anthropicOptionsSchema = z.strictObject({
  /** An opaque id of your end user, sent as `metadata.user_id`. */
  userId: z.string().max(256).optional(),
  /** Sample from the top K tokens only. */
  topK: z.number().int().min(1).max(500).optional(),
});
export type AnthropicOptions = z.infer<typeof anthropicOptionsSchema>;
