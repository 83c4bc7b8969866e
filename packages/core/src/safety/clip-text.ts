/**
 * Characters that end a word: whitespace, quotes, braces and list
 * punctuation (not square brackets: `[redacted]` is one word).
 */
const BOUNDARY = /[\s"'`<>(){},;]/;

/**
 * Cuts `text` to at most `limit` characters (plus `marker`) without cutting
 * a word in two: a word the limit falls inside is dropped whole. A
 * credential the caller could not redact (one it did not know) is then
 * either kept whole, where a later redaction finds it, or dropped whole,
 * never left as a recognisable prefix.
 *
 * @example
 * ```ts
 * clipText('bad key sk-abcdefgh', 12); // 'bad key …'
 * ```
 */
export function clipText(text: string, limit: number, marker = '…'): string {
  if (text.length <= limit) return text;
  let cut = limit;
  if (!isBoundary(text[cut])) {
    while (cut > 0 && !isBoundary(text[cut - 1])) cut -= 1;
  }
  return `${text.slice(0, cut)}${marker}`;
}

function isBoundary(char: string | undefined): boolean {
  return char === undefined || BOUNDARY.test(char);
}
