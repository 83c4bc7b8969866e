import { z } from 'zod';

/** Mistral chat model ids with known prices; any other id is passed through. */
export type MistralChatModelId =
  | 'mistral-small-latest'
  | 'mistral-medium-latest'
  | 'mistral-large-latest'
  | 'ministral-8b-latest'
  | (string & {});

/** Options under `providerOptions.mistral`. */
export const mistralChatOptionsSchema = z.strictObject({
  /** Have Mistral prepend its safety system prompt. */
  safePrompt: z.boolean().optional(),
});
export type MistralChatOptions = z.infer<typeof mistralChatOptionsSchema>;

/** The request-body fields the options stand for. */
export function mistralOptionsToBody(
  options: MistralChatOptions,
): Record<string, unknown> {
  return { safe_prompt: options.safePrompt };
}
