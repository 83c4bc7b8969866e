import { omitUndefined, type GeneratedImage } from '@switchyard/core';
import { z } from 'zod';

/** The answer to a create we read. */
export const createSchema = z.object({
  sdGenerationJob: z.object({ generationId: z.string().min(1) }),
});

/** A presigned S3 upload as Leonardo answers one: the image's id, where to POST, and the form fields. */
const presignedUploadSchema = z.object({
  id: z.string().min(1),
  url: z.url(),
  /** The S3 form fields, as a JSON-encoded string. */
  fields: z.string(),
});
export type PresignedUpload = z.infer<typeof presignedUploadSchema>;

/** The answer to `POST /init-image`: a presigned S3 upload and the init image's id. */
export const initImageUploadSchema = z.object({
  uploadInitImage: presignedUploadSchema,
});

/** The answer to `POST /datasets/{id}/upload`: the same, for a dataset image. */
export const datasetUploadSchema = z.object({
  uploadDatasetImage: presignedUploadSchema,
});

/** The answer to `POST /datasets`. */
export const datasetCreateSchema = z.object({
  insert_datasets_one: z.object({ id: z.string().min(1) }),
});

/** The answer to `POST /generations-motion-svd`. */
export const motionCreateSchema = z.object({
  motionSvdGenerationJob: z.object({ generationId: z.string().min(1) }),
});

/** The answer to `POST /models` (a training job). */
export const modelCreateSchema = z.object({
  sdTrainingJob: z.object({ customModelId: z.string().min(1) }),
});

/** A custom model as `GET /models/{id}` reports it; null when the id is unknown. */
export const customModelSchema = z.object({
  custom_models_by_pk: z
    .object({ id: z.string().min(1), status: z.string() })
    .nullable(),
});

/** The S3 form fields of an upload, sent before the file. */
export const uploadFieldsSchema = z.record(z.string(), z.string());

/** A generation as `GET /generations/{id}` reports it; null when the id is unknown. */
export const generationSchema = z.object({
  generations_by_pk: z
    .object({
      status: z.string(),
      generated_images: z
        .array(
          z.object({
            url: z.string(),
            nsfw: z.boolean().nullish(),
            /** Set on a motion generation once it is COMPLETE. */
            motionMP4URL: z.string().nullish(),
          }),
        )
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
