import { z } from 'zod';

/** Image model ids with known capabilities; any other id is passed through. */
export type OpenAIImageModelId =
  'gpt-image-1' | 'dall-e-3' | 'dall-e-2' | (string & {});

/** Options under `providerOptions.openai` for image calls. */
export const openAIImageOptionsSchema = z.strictObject({
  quality: z
    .enum(['standard', 'hd', 'low', 'medium', 'high', 'auto'])
    .optional(),
  style: z.enum(['vivid', 'natural']).optional(),
  background: z.enum(['transparent', 'opaque', 'auto']).optional(),
  user: z.string().max(256).optional(),
});
export type OpenAIImageOptions = z.infer<typeof openAIImageOptionsSchema>;
