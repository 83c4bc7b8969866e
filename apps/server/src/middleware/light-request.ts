import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context as HonoContext } from 'hono';
import { watchStop } from '../call-stop';

/** What `@hono/node-server` puts in `context.env` for each request. */
export interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * The request a fetch-style handler (tRPC's) reads, without building a
 * Fetch `Request`: on Node, `@hono/node-server` makes one (a web stream over
 * the socket, an AbortController, undici's header checks) the first time
 * anything asks for the body or the signal, and that was a tenth of a
 * pass-through call's CPU. This one reads the body straight from the socket
 * and makes its signal only when asked; it aborts when the client goes
 * away before the answer is sent, as node-server's does.
 *
 * Only for a body whose length the `content-length` header gives (already
 * checked against the body limit): a chunked body, a request outside Node
 * (`app.request` in tests) and the rarer body readers (`formData`, `blob`,
 * `body`) use Hono's own request.
 */
export function lightRequest(
  context: HonoContext,
  options: {
    /**
     * Also aborts the signal, with its reason (the server stopping the
     * calls still running); its listener goes when the response is done.
     */
    stop?: AbortSignal;
  } = {},
): Request {
  let made = madeFor.get(context);
  if (made === undefined) {
    made = makeLightRequest(context, options.stop);
    madeFor.set(context, made);
  }
  return made;
}

/** One light request per request, whoever asks for it first makes it. */
const madeFor = new WeakMap<HonoContext, Request>();

function makeLightRequest(
  context: HonoContext,
  stop: AbortSignal | undefined,
): Request {
  const raw = context.req.raw;
  const { incoming, outgoing } = (context.env ?? {}) as NodeBindings;
  if (incoming === undefined || outgoing === undefined) return raw;
  if (
    incoming.headers['transfer-encoding'] !== undefined ||
    (incoming.method !== 'GET' &&
      incoming.method !== 'HEAD' &&
      incoming.headers['content-length'] === undefined)
  ) {
    return raw;
  }
  let controller: AbortController | undefined;
  let text: Promise<string> | undefined;
  const readText = () => (text ??= readBody(incoming));
  const light = {
    method: raw.method,
    url: raw.url,
    headers: raw.headers,
    get signal() {
      controller ??= abortedOnClose(outgoing, stop);
      return controller.signal;
    },
    text: readText,
    json: async () => JSON.parse(await readText()) as unknown,
    get body() {
      return raw.body;
    },
    formData: () => raw.formData(),
    arrayBuffer: () => raw.arrayBuffer(),
    blob: () => raw.blob(),
  };
  return light as unknown as Request;
}

/**
 * A controller aborted when the client goes away before the answer is
 * sent, or when `stop` aborts while the response is still going.
 */
function abortedOnClose(
  outgoing: ServerResponse,
  stop: AbortSignal | undefined,
): AbortController {
  const controller = new AbortController();
  const unwatch =
    stop === undefined
      ? undefined
      : watchStop(stop, () => controller.abort(stop.reason));
  outgoing.once('close', () => {
    unwatch?.();
    if (!outgoing.writableFinished)
      controller.abort('Client connection prematurely closed.');
  });
  return controller;
}

/** The whole body as UTF-8 text, without a byte-order mark (as `Request.text()`). */
function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete)
        reject(new Error('Client connection prematurely closed.'));
    });
    incoming.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
  });
}
