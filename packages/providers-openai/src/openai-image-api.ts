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

/** The text fields of `POST /images/edits`, multipart or JSON. */
export interface ImagesEditFields {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  response_format?: 'b64_json';
  quality?: OpenAIImageOptions['quality'];
  background?: OpenAIImageOptions['background'];
  user?: string;
}

/**
 * The JSON form of `POST /images/edits` (GPT image models only): the images
 * and mask by URL, which OpenAI fetches itself, or as `data:` URLs.
 */
export interface ImagesEditJsonBody extends ImagesEditFields {
  images: Array<{ image_url: string }>;
  mask?: { image_url: string };
}
