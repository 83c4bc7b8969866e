import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeResponse } from './fake-upstream-types';

/**
 * Writes one fake response, honouring its delays, cuts and resets. Does
 * nothing more once the client has gone.
 * @internal
 */
export async function writeFakeResponse(context: {
  request: IncomingMessage;
  response: ServerResponse;
  fake: FakeResponse;
  delay: (delayMs: number) => Promise<void>;
}): Promise<void> {
  const { request, response, fake, delay } = context;
  if (fake.type === 'hang') return;
  if (fake.delayMs !== undefined) await delay(fake.delayMs);
  if (response.destroyed) return;
  switch (fake.type) {
    case 'reset':
      request.socket.resetAndDestroy();
      return;
    case 'json':
      sendBody({
        response,
        fake,
        body: JSON.stringify(fake.body),
        contentType: 'application/json',
      });
      return;
    case 'error': {
      const isText = typeof fake.body === 'string' || fake.body === undefined;
      sendBody({
        response,
        fake: { ...fake, status: fake.status ?? 500 },
        body: isText
          ? ((fake.body as string | undefined) ?? '')
          : JSON.stringify(fake.body),
        contentType: isText ? 'text/plain; charset=utf-8' : 'application/json',
      });
      return;
    }
    case 'binary':
      sendBody({
        response,
        fake,
        body: fake.body,
        contentType: 'application/octet-stream',
      });
      return;
    case 'empty':
      sendBody({ response, fake, body: '', contentType: undefined });
      return;
    case 'sse':
      await streamEvents({ response, fake, delay });
      return;
  }
}

function sendBody(context: {
  response: ServerResponse;
  fake: { status?: number; headers?: Record<string, string> };
  body: string | Uint8Array;
  contentType: string | undefined;
}): void {
  const { response, fake, body } = context;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(fake.status ?? 200, {
    ...(context.contentType ? { 'content-type': context.contentType } : {}),
    'content-length': String(bytes.byteLength),
    ...fake.headers,
  });
  response.end(bytes);
}

async function streamEvents(context: {
  response: ServerResponse;
  fake: Extract<FakeResponse, { type: 'sse' }>;
  delay: (delayMs: number) => Promise<void>;
}): Promise<void> {
  const { response, fake, delay } = context;
  response.writeHead(fake.status ?? 200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...fake.headers,
  });
  response.flushHeaders();
  for (const [index, chunk] of fake.chunks.entries()) {
    if (fake.cutAfter !== undefined && index >= fake.cutAfter) {
      response.socket?.destroy();
      return;
    }
    if (fake.stall !== undefined && index === fake.stall.afterChunks) {
      await delay(fake.stall.ms);
      if (response.destroyed) return;
    }
    if (index > 0 && fake.chunkDelayMs !== undefined) {
      await delay(fake.chunkDelayMs);
    }
    if (response.destroyed) return;
    // Wait until the chunk is flushed, so a cut right after it keeps it.
    await new Promise<void>((resolve) =>
      response.write(chunk, () => resolve()),
    );
  }
  if (fake.cutAfter !== undefined) {
    response.socket?.destroy();
    return;
  }
  response.end();
}
