import type { TextStreamPart } from '@switchyard/core';

/** What a text stream delivered before it ended or failed. */
export interface ReadTextStream {
  /** The text of every `text-delta`, joined. */
  text: string;
  /** Every part that is not a `text-delta` (the `text-end`), in order. */
  ends: TextStreamPart[];
  /** What the stream threw, or undefined when it ended. */
  error: unknown;
}

/**
 * Reads a model's stream of parts to its end or its error, never throwing, so
 * a test can check both what was delivered and how the stream stopped.
 */
export async function readTextStream(
  parts: AsyncIterable<TextStreamPart>,
): Promise<ReadTextStream> {
  let text = '';
  const ends: TextStreamPart[] = [];
  try {
    for await (const part of parts) {
      if (part.type === 'text-delta') text += part.text;
      else ends.push(part);
    }
    return { text, ends, error: undefined };
  } catch (error) {
    return { text, ends, error };
  }
}
