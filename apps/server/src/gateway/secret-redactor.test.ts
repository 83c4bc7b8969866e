import { describe, expect, it } from 'vitest';
import { createSecretRedactor } from './secret-redactor';

describe('createSecretRedactor', () => {
  it('should replace every occurrence, longest secret first', () => {
    const redact = createSecretRedactor(['abcd', 'abcdef', '']);
    expect(redact('key abcdef and abcd, abcd')).toBe(
      'key [redacted] and [redacted], [redacted]',
    );
  });

  it('should leave text alone without secrets', () => {
    expect(createSecretRedactor([])('plain')).toBe('plain');
  });
});
