import { z } from 'zod';

/** `providerOptions.leonardo` of a training request. */
export const leonardoTrainingOptionsSchema = z.strictObject({
  /** The category that best describes the model. Default `GENERAL`. */
  modelType: z
    .enum([
      'GENERAL',
      'BUILDINGS',
      'CHARACTERS',
      'ENVIRONMENTS',
      'FASHION',
      'ILLUSTRATIONS',
      'GAME_ITEMS',
      'GRAPHICAL_ELEMENTS',
      'PHOTOGRAPHY',
      'PIXEL_ART',
      'PRODUCT_DESIGN',
      'TEXTURES',
      'UI_ELEMENTS',
      'VECTOR',
    ])
    .optional(),
  /** Training strength (Leonardo applies it to `PIXEL_ART` models). Default `MEDIUM`. */
  strength: z.enum(['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH']).optional(),
  /** Marks the model as NSFW at Leonardo. Default false. */
  nsfw: z.boolean().optional(),
  /** The model's description at Leonardo. */
  description: z.string().max(500).optional(),
});
export type LeonardoTrainingOptions = z.infer<
  typeof leonardoTrainingOptionsSchema
>;
