import {
  createSecretRedactor,
  type SecretRedactor,
} from '../safety/redact-secrets';
import { VERSION } from '../version';

/**
 * The User-Agent Switchyard sends upstream: `switchyard/<packageName>/<version>`.
 *
 * @example
 * ```ts
 * switchyardUserAgent('providers-openai', VERSION); // 'switchyard/providers-openai/0.1.0'
 * ```
 */
export function switchyardUserAgent(
  packageName: string,
  version: string,
): string {
  return `switchyard/${toToken(packageName)}/${toToken(version)}`;
}

/**
 * The request headers of one call: User-Agent, content-type and accept first,
 * then the caller's (lower-cased, undefined values left out), which win.
 * @internal
 */
export function buildRequestHeaders(options: {
  provider: string;
  userAgent?: string;
  contentType?: string;
  accept: string;
  headers?: Record<string, string | undefined>;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent':
      options.userAgent ?? switchyardUserAgent(options.provider, VERSION),
    accept: options.accept,
  };
  if (options.contentType !== undefined) {
    headers['content-type'] = options.contentType;
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Keeps a User-Agent product token to characters HTTP allows in it. */
function toToken(value: string): string {
  return value.replace(/[^\w.!#$%&'*+^`|~-]/g, '-') || 'unknown';
}

/** Request headers whose values are credentials. */
const SECRET_HEADER =
  /authorization|api[-_]?key|token|secret|cookie|signature/i;
/** Shorter values are not redacted (they would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * The credential values among request headers (`authorization`, `x-api-key`,
 * …), whole and per word (`Bearer sk-…` also yields `sk-…`), longest first.
 * @internal
 */
export function secretValues(
  headers: Record<string, string | undefined>,
): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !SECRET_HEADER.test(name)) continue;
    for (const candidate of [value, ...value.split(/\s+/)]) {
      if (candidate.length >= MIN_SECRET_LENGTH) secrets.add(candidate);
    }
  }
  return [...secrets].sort((left, right) => right.length - left.length);
}

/**
 * Replaces every secret in `text` with `[redacted]`, for upstreams that echo a
 * key back in their answer.
 * @internal
 */
export function redactSecrets(text: string, secrets: string[]): string {
  return createSecretRedactor(secrets)(text);
}

/**
 * A {@link SecretRedactor} for the credentials among a call's request
 * headers, the same ones core's HTTP helper takes out of its errors: for
 * provider text that reaches an error without passing through the helper (a
 * failed job's reason in a status poll's answer).
 *
 * @example
 * ```ts
 * const { headers } = modelCallOptions({ config, call });
 * const redact = headerSecretRedactor(headers);
 * new SwitchyardError({ code: 'unknown', provider, message: redact(reason) });
 * ```
 */
export function headerSecretRedactor(
  headers: Record<string, string | undefined>,
): SecretRedactor {
  return createSecretRedactor(secretValues(headers));
}
