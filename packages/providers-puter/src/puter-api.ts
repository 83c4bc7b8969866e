import {
  SwitchyardError,
  errorCodeFromStatus,
  omitUndefined,
  type HttpModelConfig,
  type OmitUndefined,
} from '@switchyard/core';
import { z } from 'zod';
import { mapPuterFailure, puterFailureSchema } from './puter-error';

/** What Puter models need from their provider. */
export type PuterModelConfig = HttpModelConfig;

/** The body of one `POST /drivers/call`, with the method's arguments. */
export interface DriverCallBody<TArgs extends object> {
  interface: string;
  driver: string;
  test_mode: false;
  method: string;
  args: OmitUndefined<TArgs>;
}

/** The body of one `POST /drivers/call`. */
export function driverCall<TArgs extends object>(options: {
  interface: string;
  driver: string;
  method: string;
  args: TArgs;
}): DriverCallBody<TArgs> {
  return {
    interface: options.interface,
    driver: options.driver,
    test_mode: false,
    method: options.method,
    args: omitUndefined(options.args),
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
