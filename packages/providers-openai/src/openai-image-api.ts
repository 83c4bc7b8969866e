import { z } from 'zod';

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
