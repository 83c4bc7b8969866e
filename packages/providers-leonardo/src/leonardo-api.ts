import { omitUndefined, type GeneratedImage } from '@switchyard/core';
import { z } from 'zod';

/** The answer to a create we read. */
export const createSchema = z.object({
  sdGenerationJob: z.object({ generationId: z.string().min(1) }),
});

/** The answer to `POST /init-image`: a presigned S3 upload and the init image's id. */
export const initImageUploadSchema = z.object({
  uploadInitImage: z.object({
    id: z.string().min(1),
    url: z.url(),
    /** The S3 form fields, as a JSON-encoded string. */
    fields: z.string(),
  }),
});

/** The S3 form fields of an upload, sent before the file. */
export const uploadFieldsSchema = z.record(z.string(), z.string());

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

/** The body of `POST /generations` (the fields Switchyard sends). */
export interface GenerationBody {
  modelId: string;
  prompt: string;
  negative_prompt?: string;
  width?: number;
  height?: number;
  num_images?: number;
  seed?: number;
  num_inference_steps?: number;
  guidance_scale?: number;
  /** Image to image: an uploaded init image, and how much of it to keep (0.1–0.9). */
  init_image_id?: string;
  init_strength?: number;
}

/** A finished generation's images, in core's shape. */
export function toImages(generation: Generation): GeneratedImage[] {
  return (generation.generated_images ?? []).map((image) => ({
    url: image.url,
    mimeType: /\.png(?:\?|$)/i.test(image.url) ? 'image/png' : 'image/jpeg',
    ...omitUndefined({
      width: generation.imageWidth ?? undefined,
      height: generation.imageHeight ?? undefined,
      seed: generation.seed ?? undefined,
    }),
  }));
}
