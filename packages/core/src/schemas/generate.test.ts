import { describe, expect, it } from 'vitest';
import { LIMITS } from './common';
import { generateInputSchema, pickRequest } from './generate';

const issuesOf = (input: unknown) => {
  const parsed = generateInputSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
};

describe('generateInputSchema', () => {
  it('should accept a minimal image and text request', () => {
    expect(issuesOf({ type: 'image', prompt: 'a fox' })).toEqual([]);
    expect(issuesOf({ type: 'text', prompt: 'hello' })).toEqual([]);
    expect(
      issuesOf({
        type: 'text',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello' },
        ],
        maxTokens: 10,
        route: 'text',
        providers: ['openai', 'local'],
        idempotencyKey: 'order-42',
        metadata: { user: 'u1' },
      }),
    ).toEqual([]);
  });

  it('should reject an unknown type', () => {
    expect(issuesOf({ type: 'hologram', prompt: 'x' })).not.toEqual([]);
  });

  it('should bound every string and array', () => {
    const tooLong = 'x'.repeat(LIMITS.prompt + 1);
    expect(issuesOf({ type: 'image', prompt: tooLong })).toContainEqual(
      expect.objectContaining({ path: 'prompt' }),
    );
    expect(
      issuesOf({
        type: 'text',
        messages: Array.from({ length: LIMITS.messages + 1 }, () => ({
          role: 'user',
          content: 'x',
        })),
      }),
    ).toContainEqual(expect.objectContaining({ path: 'messages' }));
    expect(
      issuesOf({ type: 'text', prompt: 'x', stop: Array(9).fill('s') }),
    ).toContainEqual(expect.objectContaining({ path: 'stop' }));
    expect(
      issuesOf({
        type: 'image',
        prompt: 'x',
        idempotencyKey: 'k'.repeat(LIMITS.idempotencyKey + 1),
      }),
    ).toContainEqual(expect.objectContaining({ path: 'idempotencyKey' }));
    expect(
      issuesOf({
        type: 'image',
        prompt: 'x',
        n: 1000,
        width: 100_000,
        height: 64,
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'n' }),
        expect.objectContaining({ path: 'width' }),
      ]),
    );
  });

  it('should name the field when width/height and aspectRatio are mixed', () => {
    expect(
      issuesOf({
        type: 'image',
        prompt: 'x',
        width: 512,
        height: 512,
        aspectRatio: '16:9',
      }),
    ).toEqual([
      {
        path: 'aspectRatio',
        message: 'give either width/height or aspectRatio, not both',
      },
    ]);
    expect(issuesOf({ type: 'image', prompt: 'x', width: 512 })).toEqual([
      { path: 'width', message: 'width and height go together' },
    ]);
  });

  it('should require exactly one of messages and prompt', () => {
    expect(issuesOf({ type: 'text' })).toEqual([
      { path: 'messages', message: 'give exactly one of messages or prompt' },
    ]);
    expect(
      issuesOf({
        type: 'text',
        prompt: 'a',
        messages: [{ role: 'user', content: 'b' }],
      }),
    ).toHaveLength(1);
  });

  it('should refuse instance names that could not be a config key', () => {
    expect(
      issuesOf({ type: 'image', prompt: 'x', provider: '../etc/passwd' }),
    ).toContainEqual(expect.objectContaining({ path: 'provider' }));
  });
});

describe('pickRequest', () => {
  it('should keep the model request and drop the routing fields', () => {
    expect(
      pickRequest({
        type: 'image',
        prompt: 'a fox',
        seed: 1,
        route: 'image',
        provider: 'local',
        fallback: false,
        idempotencyKey: 'k',
        metadata: { a: 'b' },
      }),
    ).toEqual({ prompt: 'a fox', seed: 1 });
  });
});
