import {
  parseJsonText,
  postForSse,
  SwitchyardError,
  type SseEvent,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeUpstream } from './fake-upstream';
import type { FakeResponse, FakeUpstream } from './fake-upstream-types';
import { fixtureResponse } from './fixture-response';

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const collected: SseEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

/** Reads events until the stream fails; returns what came before and the error. */
async function collectUntilError(events: AsyncIterable<SseEvent>) {
  const received: SseEvent[] = [];
  try {
    for await (const event of events) received.push(event);
  } catch (error) {
    if (!SwitchyardError.isInstance(error)) throw error;
    return { received, error };
  }
  throw new Error('expected the stream to fail');
}

async function openStream(upstream: FakeUpstream) {
  const { value, responseHeaders } = await postForSse({
    url: `${upstream.url}/stream`,
    provider: 'acme',
    body: { stream: true },
  });
  return { events: value, responseHeaders };
}

function streamRoute(response: FakeResponse) {
  return { '/stream': { response } };
}

const openAiChunkSchema = z.object({
  choices: z.array(
    z.object({ delta: z.object({ content: z.string().nullish() }) }),
  ),
});

describe('postForSse', () => {
  it('should stream an OpenAI transcript and stop at [DONE]', async () => {
    await using upstream = await createFakeUpstream(
      streamRoute(fixtureResponse('openai/chat-completions.stream.txt')),
    );
    const { events, responseHeaders } = await openStream(upstream);
    const received = await collect(events);
    expect(received.length).toBeGreaterThan(3);
    expect(received.some((event) => event.data === '[DONE]')).toBe(false);
    const text = received
      .map((event) =>
        parseJsonText({
          text: event.data,
          schema: openAiChunkSchema,
          provider: 'openai',
        }),
      )
      .flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content))
      .join('');
    expect(text.length).toBeGreaterThan(0);
    expect(responseHeaders['content-type']).toBe(
      'text/event-stream; charset=utf-8',
    );
    expect(upstream.calls[0]?.headers.accept).toBe('text/event-stream');
  });

  it('should keep Anthropic event names', async () => {
    await using upstream = await createFakeUpstream(
      streamRoute(fixtureResponse('anthropic/messages.stream.txt')),
    );
    const { events } = await openStream(upstream);
    const names = (await collect(events)).map((event) => event.event);
    expect(names[0]).toBe('message_start');
    expect(names).toContain('ping');
    expect(names).toContain('content_block_delta');
    expect(names.at(-1)).toBe('message_stop');
  });

  it('should handle multi-line data, comments, ids, CRLF and events split across chunks', async () => {
    await using upstream = await createFakeUpstream(
      streamRoute({
        type: 'sse',
        chunks: [
          ': keep-alive comment\n\n',
          'event: delta\r\nid: 7\r\ndata: first line\r\ndata: second',
          ' line\r\n\r\ndata: {"a":',
          '1}\n\n',
          'data: [DONE]\n\n',
          'data: after done\n\n',
        ],
      }),
    );
    const { events } = await openStream(upstream);
    expect(await collect(events)).toEqual([
      { event: 'delta', id: '7', data: 'first line\nsecond line' },
      { data: '{"a":1}' },
    ]);
  });

  it('should fail before streaming when the upstream answers with an error status', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: fixtureResponse('anthropic/error-529.overloaded.json'),
      },
    });
    await expect(
      postForSse({
        url: `${upstream.url}/stream`,
        provider: 'anthropic',
        body: {},
      }),
    ).rejects.toMatchObject({ code: 'overloaded', statusCode: 529 });
  });

  it('should fail with invalid_response when a 200 carries JSON instead of a stream', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: {
          type: 'json',
          body: { error: { message: 'stream not supported' } },
        },
      },
    });
    await expect(
      postForSse({ url: `${upstream.url}/stream`, provider: 'acme', body: {} }),
    ).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('stream not supported'),
    });
  });

  it('should time out a stream that stalls between chunks', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: {
          type: 'sse',
          chunks: ['data: one\n\n', 'data: two\n\n'],
          chunkDelayMs: 10_000,
        },
      },
    });
    const { value } = await postForSse({
      url: `${upstream.url}/stream`,
      provider: 'acme',
      body: {},
      chunkTimeoutMs: 50,
    });
    const { received, error } = await collectUntilError(value);
    expect(received).toEqual([{ data: 'one' }]);
    expect(error).toMatchObject({ code: 'timeout', provider: 'acme' });
    expect(error.message).toContain('50 ms');
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should report a cut connection mid-stream as network', async () => {
    const recorded = fixtureResponse('openai/chat-completions.stream.txt');
    if (recorded.type !== 'sse') throw new Error('unexpected fixture');
    await using upstream = await createFakeUpstream(
      streamRoute({ ...recorded, cutAfter: 3 }),
    );
    const { events } = await openStream(upstream);
    const { received, error } = await collectUntilError(events);
    expect(received).toHaveLength(3);
    expect(error).toMatchObject({ code: 'network', isRetryable: true });
  });

  it("should abort the upstream stream on the caller's abort", async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: {
          type: 'sse',
          chunks: ['data: one\n\n', 'data: two\n\n'],
          chunkDelayMs: 10_000,
        },
      },
    });
    const controller = new AbortController();
    const { value } = await postForSse({
      url: `${upstream.url}/stream`,
      provider: 'acme',
      body: {},
      signal: controller.signal,
    });
    const received: SseEvent[] = [];
    let failure: unknown;
    try {
      for await (const event of value) {
        received.push(event);
        controller.abort();
      }
    } catch (error) {
      failure = error;
    }
    expect(received).toEqual([{ data: 'one' }]);
    expect(failure).toMatchObject({ code: 'cancelled' });
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should close the connection when the reader stops early', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: {
          type: 'sse',
          chunks: ['data: one\n\n', 'data: two\n\n'],
          chunkDelayMs: 10_000,
        },
      },
    });
    const { value } = await postForSse({
      url: `${upstream.url}/stream`,
      provider: 'acme',
      body: {},
    });
    for await (const event of value) {
      expect(event.data).toBe('one');
      break;
    }
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });
});
