// Model ids and text clipping that keep inputs inside bounds.
// Re-exported whole by the package's index.

export { REDACTED, createSecretRedactor } from './redact-secrets';
export type { RedactOptions, SecretRedactor } from './redact-secrets';
export { clipText } from './clip-text';
export {
  DEFAULT_MODEL_ID_RULE,
  MODEL_ID_FORM,
  MODEL_ID_PATTERN,
  assertModelId,
  isValidModelId,
  modelPath,
  pathSegment,
} from './model-id';
export type { ModelIdRule } from './model-id';
