import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelIdSchema } from '../schemas/common';
import {
  assertModelId,
  isValidModelId,
  modelPath,
  pathSegment,
  type ModelIdRule,
} from './model-id';

const ANYTHING: ModelIdRule = { pattern: /^[\s\S]*$/, form: 'anything' };

describe('model ids', () => {
  it.each([
    'gpt-4o-mini',
    'black-forest-labs/FLUX.1-schnell',
    'owner/name:0123abcd',
    'meta-llama/Llama-3.1-8B-Instruct:fastest',
    'model@v1+beta',
  ])('should accept %s', (modelId) => {
    expect(isValidModelId(modelId)).toBe(true);
  });

  it.each([
    '../../admin/secret?x=',
    'a/../b',
    'a/./b',
    '..',
    'a//b',
    'a/',
    '/a',
    'a?b',
    'a#b',
    'a b',
    'a%2e',
    'a\nb',
    '',
    'x'.repeat(300),
  ])('should refuse %j', (modelId) => {
    expect(isValidModelId(modelId)).toBe(false);
    expect(modelIdSchema.safeParse(modelId).success).toBe(false);
  });

  it('should name the model and the allowed form when it refuses', () => {
    expect(() =>
      assertModelId({ provider: 'gemini', modelId: '../../admin' }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        provider: 'gemini',
        message: expect.stringMatching(
          /gemini has no model "\.\.\/\.\.\/admin": a model id is letters/,
        ) as unknown,
      }),
    );
    const parsed = modelIdSchema.safeParse('a/../b');
    expect(parsed.error?.issues[0]?.message).toMatch(
      /"a\/\.\.\/b" is not a model id: a model id is letters/,
    );
  });

  it('should encode each path segment of a valid id that needs it', () => {
    expect(
      modelPath({ provider: 'acme', modelId: 'org/model@v1:beta+x' }),
    ).toBe('org/model%40v1%3Abeta%2Bx');
  });

  it('should keep an id inside its path even under a rule that lets anything through', () => {
    expect(
      modelPath({ provider: 'acme', modelId: 'a?b#c d/e', rule: ANYTHING }),
    ).toBe('a%3Fb%23c%20d/e');
    for (const hostile of ['../x', 'a/../../b', '.', 'a//b', '']) {
      expect(() =>
        modelPath({ provider: 'acme', modelId: hostile, rule: ANYTHING }),
      ).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
  });

  it('should never build a path that resolves outside its base, whatever the id', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('..', '.', '%2e%2e', '', 'a', '?', '#', '/', '\\'),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 6 },
        ),
        (parts) => {
          const modelId = parts.join('/');
          let path: string;
          try {
            path = modelPath({ provider: 'acme', modelId, rule: ANYTHING });
          } catch {
            return;
          }
          const url = new URL(`https://host/base/models/${path}:run?k=1`);
          expect(url.pathname.startsWith('/base/models/')).toBe(true);
          expect(url.search).toBe('?k=1');
          expect(url.hash).toBe('');
          expect(url.host).toBe('host');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should refuse a task id that would climb out of its path segment', () => {
    expect(pathSegment('abc/def?x', 'fal')).toBe('abc%2Fdef%3Fx');
    for (const hostile of ['', '.', '..']) {
      expect(() => pathSegment(hostile, 'fal')).toThrow(
        expect.objectContaining({ code: 'unknown' }),
      );
    }
  });
});
