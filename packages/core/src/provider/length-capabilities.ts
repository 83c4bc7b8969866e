import { z } from 'zod';

/**
 * The length fields of a model that makes timed media (music, video), to
 * spread into its capabilities schema: the router and `*Unsupported` read
 * them alike.
 */
export const lengthCapabilitiesShape = {
  /** Longest piece it makes, in ms. */
  maxDurationMs: z.number().int().positive(),
  /** Shortest, in ms. */
  minDurationMs: z.number().int().positive().optional(),
  /** The length it makes when a request names none. */
  defaultDurationMs: z.number().int().positive(),
};
