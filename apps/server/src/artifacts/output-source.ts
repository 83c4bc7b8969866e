import { createHash, type Hash } from 'node:crypto';

/** Why an output was not kept; `retryable` when another try may do better. */
export class NotKept extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'NotKept';
  }
}

/** What passed through a {@link metered} body: its size, its hash, and its bytes while they are few. */
export interface Meter {
  bytes: number;
  hash: Hash;
  /** The bytes so far, until they pass the check limit (then undefined). */
  head: Uint8Array[] | undefined;
}

/** A fresh {@link Meter}. */
export function createMeter(): Meter {
  return { bytes: 0, hash: createHash('sha256'), head: [] };
}

/**
 * Passes a body through, counting and hashing it and keeping its bytes in
 * memory only up to `checkMaxBytes`; throws {@link NotKept} (not
 * retryable) once it passes `maxBytes`, which stops the download.
 */
export async function* metered(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { meter: Meter; maxBytes: number; checkMaxBytes: number },
): AsyncGenerator<Uint8Array> {
  const { meter, maxBytes, checkMaxBytes } = options;
  for await (const chunk of source) {
    meter.bytes += chunk.byteLength;
    if (meter.bytes > maxBytes) throw tooLarge(maxBytes);
    meter.hash.update(chunk);
    if (meter.bytes > checkMaxBytes) meter.head = undefined;
    else meter.head?.push(chunk);
    yield chunk;
  }
}

/** The refusal of an output over `maxBytes`. */
export function tooLarge(maxBytes: number): NotKept {
  return new NotKept(
    `it is larger than artifacts.maxBytes (${maxBytes} bytes)`,
    false,
  );
}

/**
 * Opens a provider URL's body: a 2xx answer's chunks. Refuses at once a
 * body whose `content-length` is over `maxBytes`; a 5xx, 408 or 429
 * answer, or a network failure, may be tried again, another status not.
 */
export async function openUrl(options: {
  url: string;
  fetch: typeof globalThis.fetch;
  maxBytes: number;
  signal: AbortSignal;
}): Promise<AsyncIterable<Uint8Array>> {
  const { url, maxBytes, signal } = options;
  const response = await options
    .fetch(url, { signal, redirect: 'follow' })
    .catch((error: unknown) => {
      throw new NotKept(
        `downloading it failed (${error instanceof Error ? error.message : 'network error'})`,
        !signal.aborted,
      );
    });
  const body = response.body;
  if (!response.ok || body === null) {
    await body?.cancel().catch(() => undefined);
    const status = response.status;
    throw new NotKept(
      `its URL answered HTTP ${status}`,
      status >= 500 || status === 408 || status === 429,
    );
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length > maxBytes) {
    await body.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  return chunksOf(body);
}

/** A web stream's chunks; stopping early cancels the stream (the download). */
async function* chunksOf(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
