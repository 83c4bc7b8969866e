import { z } from 'zod';

/** `providerOptions.leonardo` of a video request. */
export const leonardoVideoOptionsSchema = z.strictObject({
  /** How much the image moves, 1 (barely) to 10 (a lot). Default 5. */
  motionStrength: z.number().int().min(1).max(10).optional(),
});
export type LeonardoVideoOptions = z.infer<typeof leonardoVideoOptionsSchema>;
