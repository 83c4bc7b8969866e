/**
 * One entry of `cors.origins`, understood: any origin (`"*"`), one exact
 * origin, or every subdomain of a domain (`https://*.example.com`).
 */
export type CorsOriginRule =
  | { kind: 'any' }
  | { kind: 'exact'; origin: string }
  | { kind: 'subdomains'; protocol: string; suffix: string; port: string };

/** What {@link parseCorsOrigin} makes of an entry: its rule, or what is wrong with it. */
export type ParsedCorsOrigin =
  | { rule: CorsOriginRule; problem?: undefined }
  | { rule?: undefined; problem: string };

/** `scheme://`, an optional `*.`, then the rest (host and port, one hopes). */
const ORIGIN_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\*\.)?(.*)$/;
/** Stands in for `*` so that `URL` can parse and normalise a pattern's host. */
const WILDCARD_LABEL = 'wildcard.';
const EXAMPLE = '(e.g. "https://app.example.com")';

/**
 * Reads one entry of `cors.origins`: `"*"`, an origin (`scheme://host[:port]`,
 * http or https, no path, not even a trailing `/`) or a subdomain pattern
 * (`https://*.example.com`: every subdomain, at any depth, but not
 * `example.com` itself). Hosts are lower-cased and default ports dropped, as
 * browsers send them in `Origin`.
 */
export function parseCorsOrigin(text: string): ParsedCorsOrigin {
  if (text === '*') return { rule: { kind: 'any' } };
  const shape = ORIGIN_SHAPE.exec(text);
  if (shape === null) {
    return {
      problem: `"${text}" is not an origin: write scheme://host[:port] ${EXAMPLE}, a subdomain pattern ("https://*.example.com") or "*".`,
    };
  }
  const [, scheme = '', wildcard, rest = ''] = shape;
  const problem = shapeProblem({ text, scheme, rest });
  if (problem !== undefined) return { problem };
  let url: URL;
  try {
    url = new URL(`${scheme}://${wildcard ? WILDCARD_LABEL : ''}${rest}`);
  } catch {
    return {
      problem: `"${text}" is not an origin: "${rest}" is not a host name or IP address with an optional port ${EXAMPLE}.`,
    };
  }
  if (!wildcard) return { rule: { kind: 'exact', origin: url.origin } };
  const suffix = url.hostname.slice(WILDCARD_LABEL.length);
  if (!suffix.includes('.')) {
    return {
      problem: `"${text}" would allow every site under "${suffix}": name a domain after "*." (e.g. "https://*.example.com").`,
    };
  }
  return {
    rule: {
      kind: 'subdomains',
      protocol: url.protocol,
      suffix,
      port: url.port,
    },
  };
}

/** What is wrong with an entry's scheme or host part before it is parsed, if anything. */
function shapeProblem(options: {
  text: string;
  scheme: string;
  rest: string;
}): string | undefined {
  const { text, scheme, rest } = options;
  if (!/^https?$/i.test(scheme)) {
    return `"${text}" is not an origin browsers send for web pages: the scheme must be http or https.`;
  }
  if (/[/?#]/.test(rest)) {
    return `"${text}" has a path, query or trailing "/": an origin is only scheme://host[:port] ${EXAMPLE}.`;
  }
  if (rest.includes('*')) {
    return `"${text}": "*" may only stand for the subdomains at the start of the host, as in "https://*.example.com".`;
  }
  if (rest.includes('@') || rest === '') {
    return `"${text}" is not an origin: write scheme://host[:port] ${EXAMPLE}.`;
  }
  return undefined;
}

/**
 * A test of a request's `Origin` header against the configured entries
 * (already validated; a bad one throws a TypeError naming it), or undefined
 * when the list is empty (nothing is allowed).
 *
 * @example
 * const allows = corsOriginMatcher(['https://*.example.com']);
 * allows?.('https://app.example.com'); // true
 * allows?.('https://example.com.evil.com'); // false
 */
export function corsOriginMatcher(
  origins: readonly string[],
): ((origin: string) => boolean) | undefined {
  if (origins.length === 0) return undefined;
  const rules = origins.map((text, index) => {
    const parsed = parseCorsOrigin(text);
    if (parsed.problem !== undefined) {
      throw new TypeError(`cors.origins[${index}]: ${parsed.problem}`);
    }
    return parsed.rule;
  });
  if (rules.some((rule) => rule.kind === 'any')) return () => true;
  return (origin) => {
    const url = canonicalOrigin(origin);
    return url !== undefined && rules.some((rule) => matches(rule, url));
  };
}

/** The `Origin` header as a URL when it is a canonical http(s) origin (as browsers send it). */
function canonicalOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.origin === origin ? url : undefined;
  } catch {
    return undefined;
  }
}

function matches(rule: CorsOriginRule, url: URL): boolean {
  switch (rule.kind) {
    case 'any':
      return true;
    case 'exact':
      return url.origin === rule.origin;
    case 'subdomains':
      return (
        url.protocol === rule.protocol &&
        url.port === rule.port &&
        url.hostname.endsWith(`.${rule.suffix}`)
      );
  }
}
