import { z } from 'zod';

/** Chat model ids with known capabilities; any other id is passed through. */
export type OpenAIChatModelId =
  | 'gpt-4o'
  | 'gpt-4o-mini'
  | 'gpt-4.1'
  | 'gpt-4.1-mini'
  | 'gpt-4.1-nano'
  | 'o3-mini'
  | (string & {});

/** Options under `providerOptions.openai` for chat calls. */
export const openAIChatOptionsSchema = z.strictObject({
  /** A stable id of your end user, for OpenAI's abuse monitoring. */
  user: z.string().max(256).optional(),
  /** How hard reasoning models (o-series) think. */
  reasoningEffort: z.enum(['low', 'medium', 'high']).optional(),
  /** Which processing tier serves the call. */
  serviceTier: z.enum(['auto', 'default', 'flex']).optional(),
});
export type OpenAIChatOptions = z.infer<typeof openAIChatOptionsSchema>;

/** The request-body fields the chat options stand for. */
export function chatOptionsToBody(
  options: OpenAIChatOptions,
): Record<string, unknown> {
  return {
    user: options.user,
    reasoning_effort: options.reasoningEffort,
    service_tier: options.serviceTier,
  };
}
