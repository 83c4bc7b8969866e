import type { z } from 'zod';
import type { TextStreamPart } from '../provider/contract';
import type { Usage } from '../schemas/common';
import type { FinishReason } from '../schemas/text';
import type { SseEvent } from './http-types';
import { parseJsonText } from './parse-json';
import { incompleteStreamError } from './stream-end';

/** What one chunk of a provider's text stream says; all fields optional. */
export interface TextStreamChunkReading {
  text?: string;
  finishReason?: FinishReason;
  /** The usage so far (a later chunk's replaces an earlier one's). */
  usage?: Usage;
  modelId?: string;
}

/** Options of {@link textStreamParts}. */
export interface TextStreamPartsOptions<TChunk> {
  events: AsyncIterable<SseEvent>;
  /** Each event's data is JSON of this shape (else `invalid_response`). */
  schema: z.ZodType<TChunk>;
  provider: string;
  /** Reads a chunk; throws (`midStreamError`) for an error chunk. */
  read: (chunk: TChunk) => TextStreamChunkReading;
  /** Which model id counts when chunks name several. Default `first`. */
  modelIdFrom?: 'first' | 'last';
  /**
   * When set, a stream that closes without a finish reason was cut short:
   * it fails with `incompleteStreamError` naming this marker.
   */
  requiredFinishMarker?: string;
}

/**
 * A provider's SSE chunks as text-stream parts: a `text-delta` per non-empty
 * text, then one `text-end` with the last finish reason (`other` when none),
 * the last usage and the model id.
 */
export async function* textStreamParts<TChunk>(
  options: TextStreamPartsOptions<TChunk>,
): AsyncIterable<TextStreamPart> {
  const { provider, schema, read } = options;
  let finishReason: FinishReason | undefined;
  let usage: Usage = {};
  let modelId: string | undefined;
  for await (const event of options.events) {
    const reading = read(parseJsonText({ text: event.data, schema, provider }));
    if (reading.text !== undefined && reading.text !== '') {
      yield { type: 'text-delta', text: reading.text };
    }
    finishReason = reading.finishReason ?? finishReason;
    usage = reading.usage ?? usage;
    modelId =
      options.modelIdFrom === 'last'
        ? (reading.modelId ?? modelId)
        : (modelId ?? reading.modelId);
  }
  if (finishReason === undefined && options.requiredFinishMarker) {
    throw incompleteStreamError({
      provider,
      marker: options.requiredFinishMarker,
    });
  }
  yield {
    type: 'text-end',
    finishReason: finishReason ?? 'other',
    usage,
    modelId,
  };
}
