import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countInputTokens, tokenFamilyOf } from './token-count';

const cjk = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    String.fromCharCode(0x4e00 + ((index * 7919) % 20_000)),
  ).join('');

describe('countInputTokens', () => {
  it('should tell o200k models from other families by the id’s last segment', () => {
    expect(tokenFamilyOf('gpt-4o-mini')).toBe('o200k');
    expect(tokenFamilyOf('gpt-4o-2024-08-06')).toBe('o200k');
    expect(tokenFamilyOf('o1')).toBe('o200k');
    expect(tokenFamilyOf('openai/gpt-5-nano')).toBe('o200k');
    expect(tokenFamilyOf('claude-haiku-4-5')).toBe('other');
    expect(tokenFamilyOf('meta-llama/Llama-3.1-8B-Instruct')).toBe('other');
  });

  it('should count at least the tokenizer’s count plus chat formatting, for prompt and messages', () => {
    const prompt = `${cjk(500)} and some English words too.`;
    const counted = countInputTokens({ prompt }, 'o200k');
    expect(counted).toBeGreaterThanOrEqual(countTokens(prompt) + 7);
    expect(counted).toBeGreaterThan(prompt.length / 4);
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: prompt },
    ];
    expect(countInputTokens({ messages }, 'o200k')).toBeGreaterThanOrEqual(
      countTokens('Be brief.') + countTokens(prompt) + 2 * 4 + 3,
    );
  });

  it('should count other families with a safety factor, never past the UTF-8 bytes', () => {
    const english = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const other = countInputTokens({ prompt: english }, 'other');
    expect(other).toBeGreaterThanOrEqual(Math.ceil(countTokens(english) * 1.5));
    expect(other).toBeLessThanOrEqual(Buffer.byteLength(english) + 7);
  });

  it('should bound text past the tokenizer budget by its UTF-8 bytes', () => {
    // The head is plain words, which the test's own whole-text count reads
    // fast (BPE is super-linear on a long unbroken CJK run: seconds).
    const long = `${'word '.repeat(6_400)}${cjk(8_000)}`;
    const counted = countInputTokens({ prompt: long }, 'o200k');
    const tail = long.slice(32_000);
    expect(tail).toBe(cjk(8_000));
    expect(counted).toBeGreaterThanOrEqual(
      Buffer.byteLength(tail) + countTokens(long.slice(0, 32_000)),
    );
  });

  it('should bound a short input by its UTF-8 bytes plus chat formatting, above the tokenizer', () => {
    const prompt = 'Say hello to the bench, in French please.';
    const counted = countInputTokens({ prompt }, 'o200k');
    expect(counted).toBe(3 + 4 + Buffer.byteLength(prompt));
    expect(counted).toBeGreaterThanOrEqual(countTokens(prompt) + 7);
  });
});
