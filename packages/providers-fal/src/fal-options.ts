import { z } from 'zod';

/** Options under `providerOptions.fal` for image calls. */
export const falImageOptionsSchema = z.strictObject({
  /** Image-to-image models: how far from the input image to go, 0 (keep it) to 1 (ignore it). */
  strength: z.number().min(0).max(1).optional(),
});
export type FalImageOptions = z.infer<typeof falImageOptionsSchema>;
