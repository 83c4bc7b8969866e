import { SwitchyardError, type ErrorCode } from '@switchyard/core';
import { z } from 'zod';

/**
 * A Veo operation name, the task id: `models/{model}/operations/{id}` (or
 * `operations/{id}`). Checked before it goes into a URL, so a task id given
 * back to resume a job can name an operation, never another path.
 */
const OPERATION_NAME =
  /^(?:models\/[A-Za-z0-9][A-Za-z0-9._-]*\/)?operations\/[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The long-running operation Veo answers with, at submit and at each poll (only the fields we read). */
export const veoOperationSchema = z.object({
  name: z.string().nullish(),
  /** Absent (false) while the video renders. */
  done: z.boolean().nullish(),
  /** A `google.rpc.Status` when the operation failed. */
  error: z
    .object({
      code: z.number().nullish(),
      message: z.string().nullish(),
      status: z.string().nullish(),
    })
    .nullish(),
  response: z
    .object({
      generateVideoResponse: z
        .object({
          generatedSamples: z
            .array(
              z.object({
                video: z.object({ uri: z.string().nullish() }).nullish(),
              }),
            )
            .nullish(),
          raiMediaFilteredCount: z.number().nullish(),
          raiMediaFilteredReasons: z.array(z.string()).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type VeoOperation = z.infer<typeof veoOperationSchema>;

/** The first frame of an image-to-video request, inline. */
export interface VeoImage {
  bytesBase64Encoded: string;
  mimeType: string;
}

/** The body of `POST models/{model}:predictLongRunning`. */
export interface VeoBody {
  instances: [{ prompt: string; image?: VeoImage }];
  parameters: {
    aspectRatio?: string;
    durationSeconds?: number;
    negativePrompt?: string;
    personGeneration?: string;
    resolution?: string;
    seed?: number;
  };
}

/** The operation name as a path below the base URL, after checking its form. */
export function operationPath(name: string, provider: string): string {
  if (OPERATION_NAME.test(name)) return name;
  throw new SwitchyardError({
    code: 'invalid_request',
    provider,
    message: `${provider} cannot poll ${JSON.stringify(name.slice(0, 120))}: a Veo task id is an operation name such as "models/veo-3.0-generate-001/operations/abc123".`,
  });
}

/** Words of a failed operation's message that say the safety filters stopped it. */
const SAFETY_WORDS =
  /usage guidelines|responsible ai|safety|sensitive|violat|filtered/i;

/**
 * The code of a failed operation's `google.rpc.Code` (the numbers of
 * google/rpc/code.proto); a message about the safety filters is
 * `content_policy` whatever its code.
 */
export function operationErrorCode(
  code: number | null | undefined,
  message: string,
): ErrorCode {
  if (SAFETY_WORDS.test(message)) return 'content_policy';
  switch (code ?? 0) {
    case 3: // INVALID_ARGUMENT
    case 9: // FAILED_PRECONDITION
    case 11: // OUT_OF_RANGE
      return 'invalid_request';
    case 4: // DEADLINE_EXCEEDED
      return 'timeout';
    case 5: // NOT_FOUND
      return 'not_found';
    case 7: // PERMISSION_DENIED
    case 16: // UNAUTHENTICATED
      return 'auth';
    case 8: // RESOURCE_EXHAUSTED
      return 'rate_limited';
    case 12: // UNIMPLEMENTED
      return 'unsupported';
    case 13: // INTERNAL
    case 15: // DATA_LOSS
      return 'server_error';
    case 14: // UNAVAILABLE
      return 'overloaded';
    default:
      return 'unknown';
  }
}
