import {
  SwitchyardError,
  errorCodeFromStatus,
  type CostMetadata,
  type ModelHttpConfig,
} from '@switchyard/core';
import { z } from 'zod';
import { mapPuterFailure, puterFailureSchema } from './puter-error';

/** What Puter models need from their provider. */
export interface PuterModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
}

/** The body of one `POST /drivers/call`. */
export function driverCall(options: {
  interface: string;
  driver: string;
  method: string;
  args: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    interface: options.interface,
    driver: options.driver,
    test_mode: false,
    method: options.method,
    args: Object.fromEntries(
      Object.entries(options.args).filter(([, value]) => value !== undefined),
    ),
  };
}

/** The fields of a chat `complete` answer we read (or a failure envelope). */
export const chatResponseSchema = z.union([
  z.object({
    success: z.literal(true).nullish(),
    result: z.object({
      message: z.object({ content: z.string().nullish() }),
      finish_reason: z.string().nullish(),
      usage: z
        .array(
          z.object({
            type: z.string(),
            amount: z.number().int().nonnegative(),
          }),
        )
        .nullish(),
    }),
  }),
  puterFailureSchema,
]);

/** The SwitchyardError for a failure envelope that came with HTTP 200. */
export function failureError(options: {
  body: unknown;
  provider: string;
}): SwitchyardError | undefined {
  const parsed = puterFailureSchema.safeParse(options.body);
  if (!parsed.success) return undefined;
  const mapped = mapPuterFailure(parsed.data);
  return new SwitchyardError({
    code: mapped.code ?? errorCodeFromStatus(500),
    provider: options.provider,
    isRetryable: mapped.isRetryable,
    message: `${options.provider} answered with a failure: ${mapped.message ?? 'no details'}`,
  });
}
