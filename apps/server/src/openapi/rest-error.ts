import { attemptSchema, errorCodeSchema } from '@switchyard/core';
import { z } from 'zod';
import { tokenDenialSchema } from '../tokens/token-grant';
import type { ErrorData } from '../trpc-errors';

/** `error.data` of every gateway error: what `formatError` builds. */
export const errorDataSchema = z.object({
  code: errorCodeSchema.meta({
    description:
      'The Switchyard error code (`rate_limited`, `invalid_request`, …).',
  }),
  trpcCode: z.string().meta({
    description: "tRPC's code for the same error (`TOO_MANY_REQUESTS`, …).",
  }),
  httpStatus: z.number().int(),
  path: z.string().optional().meta({ description: 'The procedure path.' }),
  reason: z
    .enum([
      'all-targets-failed',
      'not-recoverable',
      'deadline',
      'cancelled',
      'no-targets',
    ])
    .optional()
    .meta({ description: 'Why a routed call failed as a whole.' }),
  attempts: z.array(attemptSchema).optional().meta({
    description: 'Every attempt, in order, when a routed call failed.',
  }),
  retryAfterMs: z.number().optional().meta({
    description:
      'How long to wait; when every target was rate limited, the smallest wait.',
  }),
  issues: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.string().optional(),
      }),
    )
    .optional()
    .meta({ description: 'The failing input fields of a bad request.' }),
  denial: tokenDenialSchema
    .optional()
    .meta({ description: 'Why a minted token was refused.' }),
});

// The schema above must describe exactly what formatError returns.
type Same<TLeft, TRight> = [TLeft] extends [TRight]
  ? [TRight] extends [TLeft]
    ? true
    : false
  : false;
const errorDataMatches: Same<
  z.infer<typeof errorDataSchema>,
  Omit<ErrorData, 'trpcCode'> & { trpcCode: string }
> = true;
void errorDataMatches;

/** An error of a REST route under `/api`, as trpc-to-openapi sends it. */
export const restErrorSchema = z
  .object({
    message: z.string(),
    code: z.string().meta({
      description: "tRPC's code (`BAD_REQUEST`, `UNAUTHORIZED`, …).",
    }),
    data: errorDataSchema,
    issues: z.array(z.unknown()).optional().meta({
      description:
        'The raw validation issues of an input that did not validate (`data.issues` has them briefly).',
    }),
  })
  .meta({
    id: 'RestError',
    description:
      'An error of a REST route: `data.code` is the Switchyard code to act on.',
  });

/** An error of a tRPC call, as tRPC sends it (`GET`/`POST /trpc/…`). */
export const trpcErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      code: z.number().int().meta({ description: 'JSON-RPC code.' }),
      data: errorDataSchema,
    }),
  })
  .meta({
    id: 'TrpcError',
    description:
      'An error of a tRPC call: `error.data.code` is the Switchyard code to act on.',
  });

/** A request refused before any procedure sees it (body too large, not JSON, too many batched calls). */
export const requestErrorSchema = z.object({ error: z.string() }).meta({
  id: 'RequestError',
  description:
    'A request refused before any procedure ran: a body too large (413), not JSON (415), too many batched calls (400).',
});
