import type { ErrorCode, Provider, TextRequest } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeUpstream } from '../fake-upstream';
import { readTextStream } from '../read-text-stream';
import type { FakeResponse, FakeUpstream } from '../fake-upstream-types';

/** A recorded text stream for {@link describeStreamConformance}. */
export interface ConformanceStream {
  modelId: string;
  request: TextRequest;
  /** The route the stream is asked on: `POST /v1/chat/completions`. */
  route: string;
  /** The recorded transcript (an `sse` response); its last event carries the provider's end marker. */
  transcript: FakeResponse;
  /**
   * Transcripts that must fail after some text and never end: the recorded
   * one cut elsewhere, or with an error object mid-stream. Each names the
   * error's code and a piece of its message.
   */
  broken?: BrokenStream[];
}

/** A transcript that must fail, for {@link ConformanceStream.broken}. */
export interface BrokenStream {
  /** What is wrong with it: "cut after a few deltas". */
  title: string;
  transcript: FakeResponse;
  code: ErrorCode;
  /** A piece of the error's message. */
  message: string;
}

/**
 * Checks a text model's stream parser: the recorded transcript ends with one
 * `text-end`; the same transcript without its last event (the end marker:
 * `data: [DONE]`, `message_stop`, the chunk with `finishReason`) fails with
 * `invalid_response` and never ends, so a cut stream is never a finished
 * answer.
 */
export function describeStreamConformance(args: {
  create(baseURL: string): Provider;
  stream: ConformanceStream;
}): void {
  const { stream } = args;
  const { transcript, broken = [] } = stream;
  if (transcript.type !== 'sse') {
    throw new Error('textStream.transcript must be a recorded SSE transcript');
  }
  describe(`text stream of ${stream.modelId}`, () => {
    let upstream: FakeUpstream;
    const read = async (transcript: FakeResponse) => {
      upstream.routes[stream.route] = { response: transcript };
      const model = args.create(upstream.url).textModel(stream.modelId);
      if (model.stream === undefined)
        throw new Error('the model cannot stream');
      const { parts } = await model.stream(stream.request, {});
      return readTextStream(parts);
    };

    beforeAll(async () => {
      upstream = await createFakeUpstream({});
    });
    afterAll(() => upstream.close());

    it('should end the recorded stream with one text-end', async () => {
      const { ends, error } = await read(transcript);
      expect(error).toBeUndefined();
      expect(ends).toHaveLength(1);
    });

    it('should fail the recorded stream cut before its last event with invalid_response, never ending it', async () => {
      const chunks = transcript.chunks.filter((chunk) => chunk.trim() !== '');
      const { ends, error } = await read({
        ...transcript,
        chunks: chunks.slice(0, -1),
      });
      expect(ends).toEqual([]);
      expect(error).toMatchObject({ code: 'invalid_response' });
    });

    it.each(broken.map((entry) => [entry.title, entry] as const))(
      'should fail, never end, the transcript %s',
      async (_title, entry) => {
        const { text, ends, error } = await read(entry.transcript);
        expect(text.length).toBeGreaterThan(0);
        expect(ends).toEqual([]);
        expect(error).toMatchObject({
          code: entry.code,
          message: expect.stringContaining(entry.message) as unknown,
        });
      },
    );
  });
}
