import type { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error';
import { clipText } from '../safety/clip-text';
import type { SecretRedactor } from '../safety/redact-secrets';

/** Options of {@link parseJsonText}. */
export interface ParseJsonTextOptions<TValue> {
  /** Text from an upstream: a response body or an SSE event's data. */
  text: string;
  schema: z.ZodType<TValue>;
  provider: string;
  /** Upstream status, kept on the error. */
  statusCode?: number;
  /** Upstream response headers, kept on the error. */
  responseHeaders?: Record<string, string>;
  /** Removes credentials from the text before an error quotes (and cuts) it. */
  redact?: SecretRedactor;
}

/**
 * Parses upstream text as JSON and validates it with a zod schema. Invalid JSON
 * or a shape the schema rejects becomes a SwitchyardError with code
 * `invalid_response`
 * (never a crash and never a trusted cast). Provider packages use this for SSE
 * event data instead of `JSON.parse`.
 */
export function parseJsonText<TValue>(
  options: ParseJsonTextOptions<TValue>,
): TValue {
  const { provider } = options;
  let json: unknown;
  try {
    json = JSON.parse(options.text);
  } catch {
    const text = redactFor(options);
    // No `cause`: V8's SyntaxError quotes the text, which may hold anything.
    throw new SwitchyardError({
      code: 'invalid_response',
      provider,
      message: `${provider} sent a response that is not valid JSON (${describeText(text)}).`,
      statusCode: options.statusCode,
      responseBody: text,
      responseHeaders: options.responseHeaders,
    });
  }
  const result = options.schema.safeParse(json);
  if (result.success) return result.data;
  const text = redactFor(options);
  throw new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `The response from ${provider} did not match what we expected: ${summarizeIssues(result.error)}.`,
    statusCode: options.statusCode,
    responseBody: text,
    responseHeaders: options.responseHeaders,
  });
}

function redactFor(options: ParseJsonTextOptions<unknown>): string {
  return options.redact === undefined
    ? options.text
    : options.redact(options.text);
}

/**
 * Parses text from an upstream as JSON without trusting it: undefined when it
 * is empty or not JSON. Validate what it returns with a schema.
 */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const MAX_ISSUES = 5;

/** `path: message` for the first few issues; zod messages hold no body values. */
function summarizeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  const more = error.issues.length - MAX_ISSUES;
  return issues.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** A short, single-line description of a body for error messages. @internal */
export function describeText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'the body was empty';
  return `it starts with "${clipText(trimmed.replace(/\s+/g, ' '), 120)}"`;
}
