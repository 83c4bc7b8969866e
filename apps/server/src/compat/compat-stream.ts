import {
  ERROR_CODES,
  type Attempt,
  type TextStreamEvent,
} from '@switchyard/core';
import {
  errorAnswer,
  switchyardHeaders,
  type CompatApi,
} from './compat-answers';
import type { CompatFailure } from './compat-error';

/** What is known of a stream when its first text comes: who serves it, after what. */
export interface StreamHead {
  provider: string;
  model: string;
  /** Provider calls started before the first text. */
  attempts: number;
  fallback: boolean;
}

/** The event that ends a stream. */
export type StreamLast = Extract<TextStreamEvent, { type: 'end' | 'error' }>;

/** How one API writes a stream as server-sent events. */
export interface StreamFormat {
  /** The events that open the answer (before its first text). */
  start(head: StreamHead): string[];
  /** More text. */
  text(text: string): string[];
  /** The stream ended: what closes the answer. */
  end(event: Extract<TextStreamEvent, { type: 'end' }>): string[];
  /** The stream failed after text was sent: an error event in the API's format. */
  error(failure: CompatFailure): string[];
}

/** One server-sent event: `event:` (when named) and one `data:` line. */
export function sseEvent(data: unknown, event?: string): string {
  const line = `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
  return event === undefined ? line : `event: ${event}\n${line}`;
}

/** A stream's `error` event as a failure of the `/v1` routes. */
export function streamFailure(
  event: Extract<TextStreamEvent, { type: 'error' }>,
): CompatFailure {
  return {
    status: ERROR_CODES[event.code].httpStatus,
    code: event.code,
    message: event.message,
    param: null,
    retryAfterMs: event.retryAfterMs,
    attempts: event.attempts,
  };
}

/**
 * Answers a text stream as server-sent events. Fallback happens only before
 * the first text, so the answer waits for it: a stream that fails before
 * any text answers with the API's error format and status (and
 * `Retry-After`); once text comes, the `x-switchyard-*` headers say who
 * serves it, and a later failure is an error event in the API's format. A
 * client that goes away cancels the stream (`abort`): its upstream call is
 * closed and nothing is charged.
 */
export async function streamAnswer(options: {
  events: AsyncGenerator<TextStreamEvent>;
  format: StreamFormat;
  api: CompatApi;
  requestId: string;
  abort: () => void;
}): Promise<Response> {
  const { events, format } = options;
  const opened = await openStream(events);
  if (opened.type === 'error') {
    return errorAnswer({
      api: options.api,
      failure: streamFailure(opened.event),
      requestId: options.requestId,
    });
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const frames = [
        ...format.start(opened.head),
        ...framesOf(format, opened.first),
      ];
      controller.enqueue(encoder.encode(frames.join('')));
      if (opened.first.type !== 'text-delta') controller.close();
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done === true) {
        controller.close();
        return;
      }
      const frames = framesOf(format, next.value);
      if (frames.length > 0)
        controller.enqueue(encoder.encode(frames.join('')));
      if (next.value.type === 'end' || next.value.type === 'error') {
        controller.close();
      }
    },
    async cancel() {
      options.abort();
      await events.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      ...switchyardHeaders({
        provider: opened.head.provider,
        fallback: opened.head.fallback,
        attempts: opened.head.attempts,
      }),
    },
  });
}

function framesOf(format: StreamFormat, event: TextStreamEvent): string[] {
  switch (event.type) {
    case 'text-delta':
      return format.text(event.text);
    case 'end':
      return format.end(event);
    case 'error':
      return format.error(streamFailure(event));
    case 'attempt-start':
    case 'fallback':
      return [];
  }
}

/**
 * Reads a stream's events up to its first text (or its end, for an empty
 * answer): who serves it and after how many calls, or the error that ended
 * it before any text (the stream is then over).
 */
async function openStream(
  events: AsyncGenerator<TextStreamEvent>,
): Promise<
  | { type: 'started'; head: StreamHead; first: TextStreamEvent }
  | { type: 'error'; event: Extract<TextStreamEvent, { type: 'error' }> }
> {
  const head: StreamHead = {
    provider: '',
    model: '',
    attempts: 0,
    fallback: false,
  };
  // Not `for await`: leaving that loop would close the stream.
  for (;;) {
    const next = await events.next();
    if (next.done === true) return { type: 'error', event: endedEarly() };
    const event = next.value;
    switch (event.type) {
      case 'attempt-start':
        head.attempts += 1;
        head.provider = event.provider;
        head.model = event.model;
        break;
      case 'fallback':
        head.fallback = true;
        break;
      case 'error':
        return { type: 'error', event };
      case 'text-delta':
      case 'end':
        return { type: 'started', head, first: event };
    }
  }
}

/** A stream whose events stopped without an end (not expected: the gateway always ends one). */
function endedEarly(): Extract<TextStreamEvent, { type: 'error' }> {
  const attempts: Attempt[] = [];
  return {
    type: 'error',
    id: '',
    code: 'unknown',
    message: 'The stream ended without an answer.',
    incomplete: false,
    delivered: '',
    attempts,
  };
}
