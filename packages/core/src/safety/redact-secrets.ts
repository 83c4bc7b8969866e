/** What a credential is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are only replaced where they appear verbatim. */
const MIN_ENCODED_LENGTH = 8;
/** A cut text's tail that starts a secret is redacted from this many characters on. */
const MIN_CUT_PREFIX = 4;

/** Options of one redaction. */
export interface RedactOptions {
  /**
   * The text was cut (a capped read): a tail that is the start of a secret
   * is redacted too.
   */
  cut?: boolean;
}

/**
 * Replaces credentials in a text with `[redacted]`: verbatim, and in the
 * forms an upstream may echo them in (JSON escapes such as `\/` or `\u0041`,
 * percent-encoding, HTML character references, base64 and base64url, which
 * also covers `Basic` credentials).
 */
export type SecretRedactor = (text: string, options?: RedactOptions) => string;

/**
 * Creates a {@link SecretRedactor} for the given secrets. Redact before any
 * truncation: a cut key can no longer be recognised.
 *
 * @example
 * ```ts
 * const redact = createSecretRedactor(['sk-live-1234567890']);
 * redact('bad key sk-live-1234567890'); // 'bad key [redacted]'
 * redact('{"key":"sk-live-12345\\u00367890"}'); // '{"key":"[redacted]"}'
 * ```
 */
export function createSecretRedactor(
  secrets: readonly string[],
): SecretRedactor {
  const verbatim = [...new Set(secrets.filter((secret) => secret !== ''))];
  const long = verbatim.filter((secret) => secret.length >= MIN_ENCODED_LENGTH);
  const patterns = byLengthDescending([
    ...verbatim,
    ...long.flatMap(base64Forms),
  ]);
  if (patterns.length === 0) return (text) => text;
  return (text, options = {}) => {
    let redacted = text;
    for (const pattern of patterns) {
      if (redacted.includes(pattern)) {
        redacted = redacted.split(pattern).join(REDACTED);
      }
    }
    return redactDecoded(redacted, patterns, options.cut === true);
  };
}

function byLengthDescending(values: string[]): string[] {
  return [...new Set(values)].sort((left, right) => right.length - left.length);
}

/**
 * The part of the base64 (and base64url) encoding of `secret` that does not
 * depend on the bytes around it, at each of the three byte alignments.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  for (let pad = 0; pad < 3; pad += 1) {
    const padded = new Uint8Array(pad + bytes.length);
    padded.set(bytes, pad);
    const encoded = btoa(String.fromCharCode(...padded));
    const start = Math.ceil((8 * pad) / 6);
    const end = Math.floor((8 * (pad + bytes.length)) / 6);
    const stable = encoded.slice(start, end);
    forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** The text read as an upstream may have encoded it, with each unit's source span. */
interface Decoded {
  text: string;
  /** Source offset where the token of each decoded unit starts. */
  starts: number[];
  /** Source offset just past the token of each decoded unit. */
  ends: number[];
}

/** Redacts the spans whose decoded form is a secret (or starts one at a cut end). */
function redactDecoded(
  text: string,
  patterns: readonly string[],
  cut: boolean,
): string {
  // Nothing encoded and nothing cut: the verbatim pass already did it all.
  if (!cut && !ENCODED.test(text)) return text;
  const decoded = decode(text);
  if (decoded.text === text && !cut) return text;
  const spans: Array<[number, number]> = [];
  for (const pattern of patterns) {
    let at = decoded.text.indexOf(pattern);
    while (at !== -1) {
      spans.push([
        decoded.starts[at] ?? 0,
        decoded.ends[at + pattern.length - 1] ?? text.length,
      ]);
      at = decoded.text.indexOf(pattern, at + pattern.length);
    }
    if (cut) {
      const tail = cutPrefixLength(decoded.text, pattern);
      if (tail > 0) {
        spans.push([
          decoded.starts[decoded.text.length - tail] ?? 0,
          text.length,
        ]);
      }
    }
  }
  return replaceSpans(text, spans);
}

/** The length of the longest end of `text` that starts `secret` (0 when shorter than a few characters). */
function cutPrefixLength(text: string, secret: string): number {
  const longest = Math.min(secret.length - 1, text.length);
  for (let length = longest; length >= MIN_CUT_PREFIX; length -= 1) {
    if (text.endsWith(secret.slice(0, length))) return length;
  }
  return 0;
}

function replaceSpans(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((left, right) => left[0] - right[0]);
  let result = '';
  let position = 0;
  for (const [start, end] of spans) {
    if (end <= position) continue;
    if (start >= position) result += text.slice(position, start) + REDACTED;
    position = end;
  }
  return result + text.slice(position);
}

const HEX = /^[0-9a-fA-F]+$/;
/** A text without these has no escape, percent-encoding or character reference. */
const ENCODED = /[\\%&]/;
const ENTITY = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);/;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Decodes JSON/JavaScript escapes (any depth of backslashes), percent-encoding
 * (UTF-8) and HTML character references, token by token.
 */
function decode(text: string): Decoded {
  const decoded: Decoded = { text: '', starts: [], ends: [] };
  const units: string[] = [];
  let index = 0;
  while (index < text.length) {
    const [value, end] = decodeToken(text, index);
    for (const unit of value) {
      // A character outside the BMP is two UTF-16 units with one span.
      for (let part = 0; part < unit.length; part += 1) {
        units.push(unit[part] as string);
        decoded.starts.push(index);
        decoded.ends.push(end);
      }
    }
    index = end;
  }
  decoded.text = units.join('');
  return decoded;
}

/** The decoded characters of the token at `index`, and where it ends. */
function decodeToken(text: string, index: number): [string, number] {
  const char = text[index] as string;
  if (char === '\\') return decodeEscape(text, index);
  if (char === '%') return decodePercent(text, index);
  if (char === '&') {
    const entity = ENTITY.exec(text.slice(index, index + 12));
    if (entity !== null) {
      const name = entity[1] as string;
      const value =
        NAMED_ENTITIES[name] ??
        safeFromCodePoint(
          name.startsWith('#x') || name.startsWith('#X')
            ? Number.parseInt(name.slice(2), 16)
            : Number.parseInt(name.slice(1), 10),
        );
      if (value !== undefined) return [value, index + entity[0].length];
    }
  }
  return [char, index + 1];
}

/** `\/`, `\\\/`, `\u0041`, `\x41`: a run of backslashes escapes one character. */
function decodeEscape(text: string, index: number): [string, number] {
  let at = index;
  while (text[at] === '\\') at += 1;
  const next = text[at];
  if (next === undefined) return ['\\', index + 1];
  const hexLength = next === 'u' ? 4 : next === 'x' ? 2 : 0;
  if (hexLength > 0) {
    const hex = text.slice(at + 1, at + 1 + hexLength);
    if (hex.length === hexLength && HEX.test(hex)) {
      return [
        String.fromCharCode(Number.parseInt(hex, 16)),
        at + 1 + hexLength,
      ];
    }
  }
  return [next, at + 1];
}

/** `%41` or a UTF-8 sequence such as `%C3%A9`; a lone `%` stays. */
function decodePercent(text: string, index: number): [string, number] {
  const bytes: number[] = [];
  let at = index;
  while (text[at] === '%' && HEX.test(text.slice(at + 1, at + 3))) {
    const byte = Number.parseInt(text.slice(at + 1, at + 3), 16);
    if (bytes.length > 0 && (byte & 0xc0) !== 0x80) break;
    bytes.push(byte);
    at += 3;
    if (bytes.length === utf8Length(bytes[0] as number)) break;
  }
  if (bytes.length === 0) return ['%', index + 1];
  if (bytes.length !== utf8Length(bytes[0] as number)) {
    return ['%', index + 1];
  }
  try {
    const value = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(bytes),
    );
    return [value, at];
  } catch {
    return ['%', index + 1];
  }
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}

function safeFromCodePoint(codePoint: number): string | undefined {
  return Number.isInteger(codePoint) && codePoint >= 0 && codePoint <= 0x10ffff
    ? String.fromCodePoint(codePoint)
    : undefined;
}
