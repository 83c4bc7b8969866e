import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TextStreamPart } from '../provider/contract';
import type { SseEvent } from './http-types';
import { textStreamParts } from './text-stream-parts';

const chunkSchema = z.object({
  text: z.string().optional(),
  done: z.boolean().optional(),
  model: z.string().optional(),
  tokens: z.number().optional(),
});
type Chunk = z.infer<typeof chunkSchema>;

async function* eventsOf(chunks: Chunk[]): AsyncIterable<SseEvent> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield { data: JSON.stringify(chunk) };
  }
}

async function partsOf(
  chunks: Chunk[],
  options: {
    modelIdFrom?: 'first' | 'last';
    requiredFinishMarker?: string;
  } = {},
): Promise<TextStreamPart[]> {
  const parts: TextStreamPart[] = [];
  for await (const part of textStreamParts({
    events: eventsOf(chunks),
    schema: chunkSchema,
    provider: 'acme',
    read: (chunk) => ({
      text: chunk.text,
      finishReason: chunk.done ? 'stop' : undefined,
      usage:
        chunk.tokens === undefined ? undefined : { outputTokens: chunk.tokens },
      modelId: chunk.model,
    }),
    ...options,
  })) {
    parts.push(part);
  }
  return parts;
}

const chunks: Chunk[] = [
  { text: 'Hel', model: 'acme-1' },
  { text: '' },
  { text: 'lo', model: 'acme-1-0613', tokens: 1 },
  { done: true, tokens: 2 },
];

describe('textStreamParts', () => {
  it('should send each non-empty text, then one end with the last finish reason and usage', async () => {
    expect(await partsOf(chunks)).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      {
        type: 'text-end',
        finishReason: 'stop',
        usage: { outputTokens: 2 },
        modelId: 'acme-1',
      },
    ]);
  });

  it('should keep the last model id a chunk names when asked to', async () => {
    const parts = await partsOf(chunks, { modelIdFrom: 'last' });
    expect(parts.at(-1)).toMatchObject({ modelId: 'acme-1-0613' });
  });

  it('should end with finish reason other, or fail as cut when a finish reason is required', async () => {
    const unfinished = chunks.slice(0, 3);
    expect((await partsOf(unfinished)).at(-1)).toMatchObject({
      type: 'text-end',
      finishReason: 'other',
    });
    await expect(
      partsOf(unfinished, { requiredFinishMarker: 'a done flag' }),
    ).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
