import { isErrorCode, type ErrorCode } from '@switchyard/core';

/**
 * A stored `error_code` as the union: a code this version does not know
 * (written by another version, or by hand) reads as `unknown`.
 */
export function storedErrorCode(value: string): ErrorCode {
  return isErrorCode(value) ? value : 'unknown';
}
