import { z } from 'zod';

/** The answer to a create we read. */
export const createSchema = z.object({
  sdGenerationJob: z.object({ generationId: z.string().min(1) }),
});

/** A generation as `GET /generations/{id}` reports it; null when the id is unknown. */
export const generationSchema = z.object({
  generations_by_pk: z
    .object({
      status: z.string(),
      generated_images: z
        .array(z.object({ url: z.string(), nsfw: z.boolean().nullish() }))
        .nullish(),
      imageWidth: z.number().int().positive().nullish(),
      imageHeight: z.number().int().positive().nullish(),
      seed: z.number().int().nullish(),
    })
    .nullable(),
});
export type Generation = NonNullable<
  z.infer<typeof generationSchema>['generations_by_pk']
>;
