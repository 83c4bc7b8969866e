import { z } from 'zod';
import {
  LIMITS,
  modelIdSchema,
  providerOptionsSchema,
  sizeRules,
} from './common';

export const referenceImageSchema = z.union([
  z.object({ url: z.url().max(LIMITS.referenceImageUrl) }),
  z.object({
    base64: z.base64().max(LIMITS.referenceImageBase64),
    mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  }),
]);
/** An input image for image-to-image or style reference, by URL or inline base64. */
export type ReferenceImage = z.infer<typeof referenceImageSchema>;

/** An image generation request as every image model receives it. */
export const imageRequestSchema = z
  .object({
    prompt: z.string().min(1).max(LIMITS.prompt),
    negativePrompt: z.string().max(LIMITS.prompt).optional(),
    width: z.number().int().min(16).max(8192).optional(),
    height: z.number().int().min(16).max(8192).optional(),
    aspectRatio: z
      .string()
      .regex(/^\d{1,2}:\d{1,2}$/, 'aspectRatio looks like "16:9"')
      .optional(),
    n: z.number().int().min(1).max(16).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    steps: z.number().int().min(1).max(200).optional(),
    guidance: z.number().min(0).max(50).optional(),
    model: modelIdSchema.optional(),
    /**
     * Images to edit or to take as reference (image-to-image). A model that
     * cannot take them is skipped for the request, never served without them.
     */
    referenceImages: z
      .array(referenceImageSchema)
      .max(LIMITS.referenceImages)
      .optional(),
    /**
     * Inpainting: where to edit the first reference image (transparent, or
     * white, pixels are repainted, by the provider's convention). Needs
     * `referenceImages`.
     */
    mask: referenceImageSchema.optional(),
    providerOptions: providerOptionsSchema.optional(),
  })
  .superRefine(sizeRules)
  .refine(
    (request) =>
      request.mask === undefined || (request.referenceImages?.length ?? 0) > 0,
    {
      message: 'a mask needs referenceImages (the image it edits)',
      path: ['mask'],
    },
  )
  .superRefine((request, context) => {
    const pixels = imagePixels(request);
    if (pixels > LIMITS.imagePixelsPerRequest) {
      context.addIssue({
        code: 'custom',
        path: ['n'],
        message: `this request asks for ${pixels} pixels (n × width × height); the limit is ${LIMITS.imagePixelsPerRequest} per request (16 images of 1024×1024): ask for fewer or smaller images.`,
      });
    }
  });
/** An image generation request (the fields every image model understands). */
export type ImageRequest = z.infer<typeof imageRequestSchema>;

/**
 * The pixels an image request asks for, n × width × height, the work and
 * memory it costs; without width and height each image counts as
 * {@link LIMITS.assumedImagePixels}.
 */
export function imagePixels(request: {
  n?: number;
  width?: number;
  height?: number;
}): number {
  const each =
    request.width !== undefined && request.height !== undefined
      ? request.width * request.height
      : LIMITS.assumedImagePixels;
  return (request.n ?? 1) * each;
}

/** One generated image: inline base64, or a URL the provider hosts. */
export const generatedImageSchema = z
  .object({
    base64: z.string().optional(),
    url: z.string().optional(),
    mimeType: z.string(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    revisedPrompt: z.string().optional(),
  })
  .refine((image) => image.base64 !== undefined || image.url !== undefined, {
    message: 'an image has base64 data or a URL',
  });
export type GeneratedImage = z.infer<typeof generatedImageSchema>;
