import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENCODINGS,
  encodingArbitrary,
  filler,
  keyArbitrary,
  keyPartsIn,
  offsetArbitrary,
} from '../__tests__/secret-leaks';
import { clipText } from './clip-text';
import { createSecretRedactor, REDACTED } from './redact-secrets';

const KEY = 'sk-live-Ab3/De+Fg=Hi_Jk-Lm9';

describe('createSecretRedactor', () => {
  it.each(Object.entries(ENCODINGS))(
    'should redact a key echoed as %s',
    (_name, encode) => {
      const redact = createSecretRedactor([KEY]);
      const text = `upstream said: ${encode(KEY)} (bad key)`;
      const redacted = redact(text);
      expect(redacted).toContain(REDACTED);
      expect(redacted).toContain('(bad key)');
      expect(keyPartsIn(redacted, KEY)).toEqual([]);
    },
  );

  it.each(Object.entries(ENCODINGS))(
    'should be checked by a test that finds a key echoed as %s',
    (_name, encode) => {
      expect(keyPartsIn(`x ${encode(KEY)} y`, KEY)).not.toEqual([]);
    },
  );

  it('should keep text around a JSON-escaped key intact', () => {
    const redact = createSecretRedactor(['sk-abc/def/ghi']);
    expect(redact('{"error":"bad key sk-abc\\/def\\/ghi"}')).toBe(
      `{"error":"bad key ${REDACTED}"}`,
    );
  });

  it('should redact the start of a key at the end of a cut text', () => {
    const redact = createSecretRedactor([KEY]);
    expect(redact('body ends with sk-live-Ab3', { cut: true })).toBe(
      `body ends with ${REDACTED}`,
    );
    expect(redact('body ends with sk-live-Ab3')).toBe(
      'body ends with sk-live-Ab3',
    );
  });

  it('should leave text without secrets unchanged, and do nothing without secrets', () => {
    expect(createSecretRedactor([KEY])('100% fine \\n &amp;')).toBe(
      '100% fine \\n &amp;',
    );
    expect(createSecretRedactor(['', 'short'])('a short word')).toBe(
      `a ${REDACTED} word`,
    );
    expect(createSecretRedactor([])('anything')).toBe('anything');
  });

  it('should leave no 8-character part of a key, in any encoding at any offset, once redacted and then cut', () => {
    fc.assert(
      fc.property(
        fc.record({
          key: keyArbitrary,
          encoding: encodingArbitrary,
          offset: offsetArbitrary,
          limit: fc.constantFrom(120, 500, 2_048),
        }),
        ({ key, encoding, offset, limit }) => {
          const text = `${filler(offset)}${ENCODINGS[encoding](key)}${filler(3_000)}`;
          const redacted = createSecretRedactor([key])(text);
          const clipped = clipText(redacted, limit);
          expect(keyPartsIn(redacted, key)).toEqual([]);
          expect(keyPartsIn(clipped, key)).toEqual([]);
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('clipText', () => {
  it('should keep short text and cut long text at a word boundary', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('bad key sk-abcdefgh and more', 12)).toBe('bad key …');
    expect(clipText('one two three', 7)).toBe('one two…');
  });

  it('should never leave part of a word it cuts, whatever the offset', () => {
    fc.assert(
      fc.property(keyArbitrary, fc.integer({ min: 0, max: 600 }), (key, at) => {
        const text = `${filler(at)} ${key} ${filler(600)}`;
        const clipped = clipText(text, 500);
        expect(clipped.length).toBeLessThanOrEqual(501);
        if (!clipped.includes(key))
          expect(keyPartsIn(clipped, key)).toEqual([]);
      }),
    );
  });
});
