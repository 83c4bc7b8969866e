// The HTTP helper every provider uses: requests, errors, SSE, the task poller.
// Re-exported whole by the package's index.

export {
  getBinary,
  getJson,
  postForBinary,
  postForm,
  postJson,
} from './json-requests';
export { omitUndefined, omitUndefinedOrNone } from './omit-undefined';
export type { OmitUndefined } from './omit-undefined';
export { postForSse } from './sse';
export { uploadForm } from './upload-form';
export {
  checkReferenceImageSource,
  loadReferenceImage,
} from './reference-image';
export type {
  LoadReferenceImageOptions,
  LoadedReferenceImage,
} from './reference-image';
export { incompleteStreamError, midStreamError } from './stream-end';
export {
  textStreamParts,
  type TextStreamChunkReading,
  type TextStreamPartsOptions,
} from './text-stream-parts';
export type { MidStreamErrorOptions } from './stream-end';
export { parseJsonText, tryParseJson } from './parse-json';
export type { ParseJsonTextOptions } from './parse-json';
export { headerSecretRedactor, switchyardUserAgent } from './request-headers';
export { toNetworkError } from './network-error';
export type {
  BinaryResponse,
  ErrorResponseDetails,
  FetchFunction,
  GetBinaryOptions,
  GetJsonOptions,
  HttpCallOptions,
  HttpResult,
  JsonResponseOptions,
  MapError,
  MappedError,
  PostForBinaryOptions,
  PostFormOptions,
  PostForSseOptions,
  PostJsonOptions,
  SseEvent,
  UploadFormOptions,
} from './http-types';
