import { z } from 'zod';
import { errorCodes } from '../errors/codes';

/**
 * Why a target was skipped without a call, as an attempt's `reason` records it:
 * - `breaker-open`: the target's circuit breaker refused the call (the engine);
 * - `quota-spent`: the provider instance's own `quota` is used up;
 * - `not-allowed`: the caller's key may not reach this instance (`--providers`);
 * - `budget`: the key cannot pay for this target's estimated cost;
 * - `unpriced`: the target has no price and `pricing.unknown` is `refuse`;
 * - `unsupported`: the target's model cannot serve this request (a voice,
 *   format or length it lacks, reference images or a mask it cannot take),
 *   by its capabilities (the engine).
 * - `health-down`: the health monitor judges the target down (probes or
 *   recent calls failing);
 * - `requirement-unmet`: the request's `requirements` (quality, speed,
 *   budget, maxLatencyMs) exclude the target; the attempt's message says which.
 * `quota-spent` to `unpriced` and the last two come from the host's `admitTarget`.
 */
export const skipReasons = [
  'breaker-open',
  'quota-spent',
  'not-allowed',
  'budget',
  'unpriced',
  'unsupported',
  'health-down',
  'requirement-unmet',
] as const;

/** Schema of a skip reason; see {@link skipReasons}. */
export const skipReasonSchema = z.enum(skipReasons);
/** Why a target was skipped without a call. */
export type SkipReason = z.infer<typeof skipReasonSchema>;

/**
 * Schema of what moved a call on to the next target: the error code of the
 * failure there, or the reason the target was skipped.
 */
export const fallbackReasonSchema = z.enum([
  ...new Set([...errorCodes, ...skipReasons]),
] as [ErrorOrSkip, ...ErrorOrSkip[]]);
type ErrorOrSkip = (typeof errorCodes)[number] | SkipReason;
/** An error code or a skip reason: what a `fallback` event says moved the call on. */
export type FallbackReason = z.infer<typeof fallbackReasonSchema>;
