import { SwitchyardError } from '../errors/switchyard-error';

/**
 * What a model id may look like unless its provider says otherwise: a letter
 * or digit, then letters, digits and `. _ : / @ + -`; no `.` or `..` path
 * segment and no empty one (`//`, a trailing `/`).
 */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;

/** The form {@link MODEL_ID_PATTERN} allows, in words for error messages. */
export const MODEL_ID_FORM =
  'letters, digits and . _ : / @ + - (starting with a letter or digit, no "." or ".." segments, no empty segments)';

/** Longest model id accepted. */
const MAX_MODEL_ID_LENGTH = 256;

/** A provider's rule for its model ids. */
export interface ModelIdRule {
  /**
   * The ids it accepts, instead of {@link MODEL_ID_PATTERN}; `.`, `..` and
   * empty path segments are refused whatever the pattern says.
   */
  pattern: RegExp;
  /** The accepted form in words, e.g. `"owner/app" or "owner/app/path" (fal)`. */
  form: string;
}

/** The default {@link ModelIdRule}. */
export const DEFAULT_MODEL_ID_RULE: ModelIdRule = {
  pattern: MODEL_ID_PATTERN,
  form: MODEL_ID_FORM,
};

/**
 * True when `modelId` follows `rule` (default {@link MODEL_ID_PATTERN}) and
 * has no `.`, `..` or empty path segment, so it cannot leave the path it is
 * put in.
 */
export function isValidModelId(
  modelId: string,
  rule: ModelIdRule = DEFAULT_MODEL_ID_RULE,
): boolean {
  if (modelId.length === 0 || modelId.length > MAX_MODEL_ID_LENGTH) {
    return false;
  }
  if (!rule.pattern.test(modelId)) return false;
  return modelId
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Throws `invalid_request` naming the model and the allowed form when
 * `modelId` does not follow the provider's rule. Call it before any request
 * is built from the id.
 *
 * @example
 * ```ts
 * assertModelId({ provider: 'gemini', modelId: '../../admin', rule: GEMINI_MODEL_ID });
 * // throws: gemini has no model "../../admin": a model id is …
 * ```
 */
export function assertModelId(options: {
  provider: string;
  modelId: string;
  rule?: ModelIdRule;
}): void {
  const rule = options.rule ?? DEFAULT_MODEL_ID_RULE;
  if (isValidModelId(options.modelId, rule)) return;
  throw new SwitchyardError({
    code: 'invalid_request',
    provider: options.provider,
    message: `${options.provider} has no model ${quoteId(options.modelId)}: a model id is ${rule.form}.`,
  });
}

/**
 * The model id as URL path segments, each percent-encoded, after checking it
 * with {@link assertModelId}: an id can name a model, never change the path.
 *
 * @example
 * ```ts
 * `${baseURL}/models/${modelPath({ provider: 'gemini', modelId })}:generateContent`
 * ```
 */
export function modelPath(options: {
  provider: string;
  modelId: string;
  rule?: ModelIdRule;
}): string {
  assertModelId(options);
  return options.modelId.split('/').map(encodeURIComponent).join('/');
}

/**
 * One URL path segment from a value an upstream gave (a task or request id),
 * percent-encoded. A value that is empty, `.` or `..` (which URLs resolve as
 * "here" or "up") is refused with an `unknown` error: the upstream's answer
 * was not what its API promises.
 */
export function pathSegment(value: string, provider: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new SwitchyardError({
      code: 'unknown',
      provider,
      message: `${provider} gave the id ${quoteId(value)}, which cannot be put in a URL path.`,
    });
  }
  return encodeURIComponent(value);
}

/** The id, JSON-quoted and cut, for a message. */
function quoteId(modelId: string): string {
  const quoted = JSON.stringify(modelId);
  return quoted.length <= 120 ? quoted : `${quoted.slice(0, 117)}…"`;
}
