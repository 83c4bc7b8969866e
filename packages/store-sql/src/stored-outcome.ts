import { isErrorCode, type ErrorCode } from '@switchyard/core';

/**
 * The outcome columns generations and jobs share, as record fields: the
 * stored result (JSON) and the error code as the union — a code this
 * version does not know (written by another version, or by hand) reads as
 * `unknown`.
 */
export function storedOutcome(row: {
  result: string | null;
  error_code: string | null;
}): { result?: unknown; errorCode?: ErrorCode } {
  return {
    ...(row.result == null
      ? {}
      : { result: JSON.parse(row.result) as unknown }),
    ...(row.error_code == null
      ? {}
      : {
          errorCode: isErrorCode(row.error_code) ? row.error_code : 'unknown',
        }),
  };
}
