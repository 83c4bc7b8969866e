import { z } from 'zod';

/** `providerOptions.leonardo` of an image request. */
export const leonardoImageOptionsSchema = z.strictObject({
  /**
   * Image to image: how strongly the result keeps the reference image, 0.1
   * (loosely) to 0.9 (closely). Default 0.5.
   */
  initStrength: z.number().min(0.1).max(0.9).optional(),
});
export type LeonardoImageOptions = z.infer<typeof leonardoImageOptionsSchema>;
