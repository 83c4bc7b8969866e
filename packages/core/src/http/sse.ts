import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { SwitchyardError } from '../errors/switchyard-error';
import type { SecretRedactor } from '../safety/redact-secrets';
import type { CallScope } from './call-scope';
import { describeErrorBody, ERROR_BODY_LIMIT } from './error-response';
import { openExchange, SUCCESS_BODY_LIMIT } from './exchange';
import type { HttpResult, PostForSseOptions, SseEvent } from './http-types';
import { tryParseJson } from './parse-json';
import { incompleteStreamError } from './stream-end';
import { readBody, type UpstreamResponse } from './transport';

const DRAIN_TIMEOUT_MS = 5_000;

/**
 * POSTs a JSON body and streams the server-sent events of the answer. Resolves
 * once the response headers arrive (an error status rejects like
 * `postJson`); then iterate `value` once. `data: [DONE]` ends the stream
 * (with `endsWithDone`, a stream that closes without it fails with
 * `invalid_response`);
 * comments are skipped; CRLF and multi-line data are handled. While iterating,
 * a stall longer than `chunkTimeoutMs` fails with `timeout`, a cut connection
 * with `network`, the caller's abort with `cancelled`. Stopping the iteration
 * early (break) closes the connection.
 *
 * @example
 * ```ts
 * const { value: events } = await postForSse({ url, provider, headers, body, signal });
 * for await (const event of events) {
 *   const chunk = parseJsonText({ text: event.data, schema: chunkSchema, provider });
 * }
 * ```
 */
export async function postForSse(
  options: PostForSseOptions,
): Promise<HttpResult<AsyncIterable<SseEvent>>> {
  const { response, scope } = await openExchange({
    ...options,
    method: 'POST',
    accept: 'text/event-stream',
  });
  const contentType = response.headers['content-type'] ?? '';
  if (contentType.includes('json')) {
    try {
      throw await unexpectedJson({
        response,
        provider: options.provider,
        redact: scope.redact,
      });
    } catch (error) {
      throw scope.toError(error);
    } finally {
      response.discard();
      scope.dispose();
    }
  }
  // `timeoutMs` covers the wait for the headers; `chunkTimeoutMs` the rest.
  scope.clearDeadline();
  return {
    value: readEvents({ response, scope, options }),
    responseHeaders: response.headers,
  };
}

async function* readEvents(context: {
  response: UpstreamResponse;
  scope: CallScope;
  options: PostForSseOptions;
}): AsyncGenerator<SseEvent, void, undefined> {
  const { response, scope } = context;
  const { provider, chunkTimeoutMs } = context.options;
  const maxEventLength = context.options.maxResponseBytes ?? SUCCESS_BODY_LIMIT;
  const pending: SseEvent[] = [];
  let done = false;
  let overflow = false;
  const parser = createParser({
    maxBufferSize: maxEventLength,
    onEvent(message) {
      if (done) return;
      if (message.data === '[DONE]') done = true;
      else pending.push(toSseEvent(message));
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
  });
  const decoder = new TextDecoder();
  const watchForStall = () => {
    if (chunkTimeoutMs === undefined) return;
    scope.startDeadline(
      chunkTimeoutMs,
      () =>
        `${provider} sent nothing for ${chunkTimeoutMs} ms in the middle of a stream.`,
    );
  };
  const chunks = response.chunks()[Symbol.asyncIterator]();
  let finished = false;
  try {
    watchForStall();
    while (true) {
      const next = await chunks.next();
      scope.clearDeadline();
      if (next.done === true) {
        finished = true;
        if (context.options.endsWithDone === true) {
          throw incompleteStreamError({ provider, marker: 'data: [DONE]' });
        }
        return;
      }
      parser.feed(decoder.decode(next.value, { stream: true }));
      if (overflow) {
        throw new SwitchyardError({
          code: 'invalid_response',
          provider,
          message: `${provider} sent a stream event longer than ${maxEventLength} characters; the stream was dropped.`,
          statusCode: response.status,
          responseHeaders: response.headers,
        });
      }
      for (const event of pending.splice(0)) yield event;
      if (done) {
        // Read the little that follows [DONE], so the connection is reused.
        finished = true;
        drainRest({ chunks, response });
        return;
      }
      watchForStall();
    }
  } catch (error) {
    throw scope.toError(error);
  } finally {
    if (!finished) response.discard();
    scope.dispose();
  }
}

/** After [DONE]: read at most 64 KiB for up to 5 s, else drop the connection. */
function drainRest(context: {
  chunks: AsyncIterator<Uint8Array>;
  response: UpstreamResponse;
}): void {
  const { chunks, response } = context;
  const timer = setTimeout(() => response.discard(), DRAIN_TIMEOUT_MS);
  timer.unref?.();
  const drain = async () => {
    let total = 0;
    while (total <= ERROR_BODY_LIMIT) {
      const next = await chunks.next();
      if (next.done === true) return;
      total += next.value.byteLength;
    }
    response.discard();
  };
  drain()
    .catch(() => response.discard())
    .finally(() => clearTimeout(timer));
}

function toSseEvent(message: EventSourceMessage): SseEvent {
  const event: SseEvent = { data: message.data };
  if (message.event !== undefined) event.event = message.event;
  if (message.id !== undefined) event.id = message.id;
  return event;
}

/** A 2xx JSON answer where a stream was asked for (often an error envelope). */
async function unexpectedJson(context: {
  response: UpstreamResponse;
  provider: string;
  redact: SecretRedactor;
}): Promise<SwitchyardError> {
  const { response, provider } = context;
  const { bytes, truncated } = await readBody(response, ERROR_BODY_LIMIT);
  const text = context.redact(new TextDecoder().decode(bytes), {
    cut: truncated,
  });
  const detail = describeErrorBody({
    text,
    body: tryParseJson(text),
    contentType: response.headers['content-type'],
  });
  return new SwitchyardError({
    code: 'invalid_response',
    provider,
    message: `${provider} answered with JSON instead of an event stream: ${detail}`,
    statusCode: response.status,
    responseBody: text,
    responseHeaders: response.headers,
  });
}
