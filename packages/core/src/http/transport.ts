import { STATUS_CODES } from 'node:http';
import { Agent } from 'undici';
import { SwitchyardError } from '../errors/switchyard-error';
import type { FetchFunction } from './http-types';

/**
 * A response as the helpers see it, whichever transport produced it.
 * @internal
 */
export interface UpstreamResponse {
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body, chunk by chunk. Read it at most once. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Drops the rest of the body and frees the connection. Safe to call twice. */
  discard(): void;
}

/** @internal */
export interface SendRequestOptions {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  fetch?: FetchFunction;
  provider: string;
}

let sharedAgent: Agent | undefined;

/**
 * The process-wide keep-alive connection pool. `agent.request` costs about a
 * quarter of the CPU of `fetch` per call on Node 20 (see the PR notes), which
 * matters for a gateway that proxies every request.
 */
function agent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
  });
  return sharedAgent;
}

/**
 * Sends one request through the caller's `fetch` when given, else through the
 * shared undici Agent. Rejects with the transport's own error; the caller maps
 * it (see `createCallScope`).
 * @internal
 */
export async function sendRequest(
  options: SendRequestOptions,
): Promise<UpstreamResponse> {
  const url = parseUrl(options.url, options.provider);
  if (options.fetch !== undefined) return sendWithFetch(options, options.fetch);
  const response = await agent().request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: options.method,
    headers: options.headers,
    body: options.body,
    signal: options.signal,
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value)
      ? value.join(', ')
      : value;
  }
  const body = response.body;
  // undici's body emits 'error' when destroyed (an abort, a timeout, our own
  // discard) before its end. Readers see that error through their iterator;
  // this listener keeps an unread body from crashing the process with it.
  body.on('error', ignoreError);
  return {
    status: response.statusCode,
    statusText: statusText(response.statusText, response.statusCode),
    headers,
    chunks: () => body as AsyncIterable<Uint8Array>,
    discard: () => {
      if (!body.destroyed) body.destroy();
    },
  };
}

/** The reason phrase, or the standard one; Node servers send `unknown` for codes like 529. */
function statusText(sent: string, status: number): string {
  const usable = sent.trim() !== '' && sent.toLowerCase() !== 'unknown';
  return usable ? sent : (STATUS_CODES[status] ?? '');
}

function ignoreError(): void {
  // Deliberately empty: the caller already has its answer or its error.
}

async function sendWithFetch(
  options: SendRequestOptions,
  fetchFunction: FetchFunction,
): Promise<UpstreamResponse> {
  const response = await fetchFunction(options.url, {
    method: options.method,
    headers: options.headers,
    // Bytes of a multipart body: a copy backed by a plain ArrayBuffer, the
    // BodyInit every runtime's types accept.
    body:
      options.body instanceof Uint8Array
        ? new Uint8Array(options.body)
        : options.body,
    signal: options.signal,
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const reader = response.body?.getReader();
  return {
    status: response.status,
    statusText: statusText(response.statusText, response.status),
    headers,
    chunks: () => readerChunks(reader),
    discard: () => {
      reader?.cancel().catch(() => undefined);
    },
  };
}

async function* readerChunks(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
): AsyncIterable<Uint8Array> {
  if (reader === undefined) return;
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) reader.cancel().catch(() => undefined);
  }
}

function parseUrl(url: string, provider: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new SwitchyardError({
      code: 'unknown',
      provider,
      message: `The URL configured for ${provider} is not a valid absolute URL; check its baseURL.`,
      cause: error,
    });
  }
}

/** What {@link readBody} returns. @internal */
export interface ReadBodyResult {
  bytes: Uint8Array;
  /** True when the body was longer than the limit and the rest was dropped. */
  truncated: boolean;
}

/**
 * Reads a body up to `limit` bytes. Past the limit it stops reading, drops the
 * connection and reports `truncated`, so a hostile upstream cannot fill memory.
 * @internal
 */
export async function readBody(
  response: UpstreamResponse,
  limit: number,
): Promise<ReadBodyResult> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for await (const chunk of response.chunks()) {
    const room = limit - total;
    if (chunk.byteLength > room) {
      parts.push(chunk.subarray(0, room));
      total += room;
      truncated = true;
      break;
    }
    parts.push(chunk);
    total += chunk.byteLength;
  }
  if (truncated) response.discard();
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, truncated };
}
