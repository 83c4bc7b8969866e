// The error taxonomy: codes, their retry and fallback decisions, Retry-After.
// Re-exported whole by the package's index.

export {
  ERROR_CODES,
  decisionFor,
  errorCodeFromStatus,
  errorCodeSchema,
  errorCodes,
  isErrorCode,
} from './codes';
export type { ErrorCode, ErrorDecisionOverrides } from './codes';
export {
  SwitchyardError,
  isAbortError,
  toSwitchyardError,
} from './switchyard-error';
export type { SwitchyardErrorOptions } from './switchyard-error';
export { RouteFailedError } from './route-failed-error';
export type {
  FailureReason,
  RouteFailedErrorOptions,
} from './route-failed-error';
export {
  MAX_PARSED_RETRY_AFTER_MS,
  parseDuration,
  parseRetryAfter,
} from './retry-after';
export { loadApiKey } from './load-api-key';
