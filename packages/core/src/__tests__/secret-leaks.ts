import fc from 'fast-check';

/**
 * Test helpers (not exported from the package): keys, the encodings an
 * upstream may echo them in, and a check that no part of a key is left.
 */

/** Characters of a generated key: what real provider keys use, and `/+=.` so escapes matter. */
const KEY_CHARS =
  'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_/+=.';

/** A provider-like key of 20 to 60 characters. */
export const keyArbitrary = fc
  .array(fc.constantFrom(...KEY_CHARS), { minLength: 17, maxLength: 57 })
  .map((chars) => `sk-${chars.join('')}`);

/** How an upstream may echo a key back. */
export const ENCODINGS = {
  raw: (key: string) => key,
  bearer: (key: string) => `Bearer ${key}`,
  falKey: (key: string) => `Key ${key}`,
  header: (key: string) => `x-api-key: ${key}`,
  jsonString: (key: string) => JSON.stringify(key).slice(1, -1),
  jsonEscapedSlash: (key: string) => key.replace(/\//g, '\\/'),
  jsonUnicode: (key: string) =>
    [...key]
      .map((char, index) =>
        index % 2 === 0
          ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
          : char,
      )
      .join(''),
  doubleEscaped: (key: string) =>
    JSON.stringify(JSON.stringify(key)).slice(3, -3),
  urlEncoded: (key: string) => encodeURIComponent(key),
  urlEncodedEveryByte: (key: string) =>
    [...key]
      .map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
      .join(''),
  queryString: (key: string) => `?key=${encodeURIComponent(key)}&alt=json`,
  base64: (key: string) => btoa(key),
  basicAuth: (key: string) => `Basic ${btoa(`api:${key}`)}`,
  base64url: (key: string) =>
    btoa(`x${key}`).replace(/\+/g, '-').replace(/\//g, '_'),
  htmlEntities: (key: string) =>
    key.replace(/[/+=]/g, (c) => `&#${c.charCodeAt(0)};`),
} as const satisfies Record<string, (key: string) => string>;

export type EncodingName = keyof typeof ENCODINGS;

export const encodingArbitrary = fc.constantFrom(
  ...(Object.keys(ENCODINGS) as EncodingName[]),
);

/** Offsets around the 120, 500 and 2,048-character cuts, and anywhere up to 3,000. */
export const offsetArbitrary = fc.oneof(
  fc.integer({ min: 100, max: 130 }),
  fc.integer({ min: 430, max: 520 }),
  fc.integer({ min: 1_960, max: 2_060 }),
  fc.integer({ min: 0, max: 3_000 }),
);

/** Filler text that shares no 8-character run with a key (its alphabet differs). */
export function filler(length: number): string {
  const words = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'qux'];
  let text = '';
  for (let index = 0; text.length < length; index += 1) {
    text += `${words[index % words.length]} `;
  }
  return text.slice(0, length);
}

/** The text read back through the usual escapes, for a second check. */
function unescaped(text: string): string {
  let decoded = text;
  for (let round = 0; round < 3; round += 1) {
    decoded = decoded
      .replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
      .replace(/\\+(.)/g, '$1')
      .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
      .replace(/&#(\d+);/g, (_, code: string) =>
        String.fromCharCode(Number.parseInt(code, 10)),
      );
  }
  return decoded;
}

/** The 8-character runs of `key` found in `text` (plain, unescaped or base64-decoded). */
export function keyPartsIn(text: string, key: string): string[] {
  const views = [text, unescaped(text), ...base64Views(text)];
  const found = new Set<string>();
  for (let start = 0; start + 8 <= key.length; start += 1) {
    const part = key.slice(start, start + 8);
    if (views.some((view) => view.includes(part))) found.add(part);
  }
  return [...found];
}

/** Every base64 (or base64url) run in `text` decoded, at each alignment. */
function base64Views(text: string): string[] {
  const views: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let skip = 0; skip < 4; skip += 1) {
      const part = standard.slice(skip);
      const usable = part.slice(0, part.length - (part.length % 4));
      try {
        views.push(atob(usable));
      } catch {
        // Not base64 at this alignment.
      }
    }
  }
  return views;
}
