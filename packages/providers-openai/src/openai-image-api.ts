import { z } from 'zod';
import type { OpenAIImageOptions } from './openai-image-options';

/** The fields of an images/generations answer we read. */
export const imagesResponseSchema = z.object({
  data: z
    .array(
      z.object({
        b64_json: z.string().nullish(),
        url: z.string().nullish(),
        revised_prompt: z.string().nullish(),
      }),
    )
    .min(1),
});

/**
 * The body of `POST /images/generations`: the request's fields and the
 * `providerOptions.openai` ones, which bear the API's own names.
 */
export interface ImagesGenerationBody extends OpenAIImageOptions {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  response_format?: 'b64_json';
}
