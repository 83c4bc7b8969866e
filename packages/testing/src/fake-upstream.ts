import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  FakeCall,
  FakeResponse,
  FakeRoutes,
  FakeUpstream,
} from './fake-upstream-types';
import { writeFakeResponse } from './write-fake-response';

/**
 * Starts a fake upstream: a real `node:http` server on 127.0.0.1 with a free
 * port, answering each route with recorded or scripted responses, so provider
 * tests see real sockets (timeouts, resets, aborts, cut streams).
 *
 * @example
 * ```ts
 * await using upstream = await createFakeUpstream({
 *   'POST /v1/chat/completions': {
 *     response: fixtureResponse('openai/chat-completions.success.json'),
 *   },
 * });
 * const provider = createOpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'test' });
 * // ...
 * expect(upstream.calls[0]?.bodyJson).toMatchObject({ model: 'gpt-4o-mini' });
 * ```
 */
export async function createFakeUpstream(
  initialRoutes: FakeRoutes = {},
): Promise<FakeUpstream> {
  const state: UpstreamState = {
    routes: copyRoutes(initialRoutes),
    calls: [],
    callCounts: new Map(),
    timers: new Set(),
  };
  const server = createServer((request, response) => {
    answer(state, request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake upstream failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = () => closeUpstream(server, state.timers);
  const { routes, calls, callCounts } = state;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    routes,
    reset() {
      calls.splice(0);
      callCounts.clear();
      for (const key of Object.keys(routes)) delete routes[key];
      Object.assign(routes, copyRoutes(initialRoutes));
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What a fake upstream keeps between requests. */
interface UpstreamState {
  routes: FakeRoutes;
  calls: FakeCall[];
  /** Calls answered so far, per route key (a list answers in turn). */
  callCounts: Map<string, number>;
  /** Pending response delays, cleared on close. */
  timers: Set<ReturnType<typeof setTimeout>>;
}

/** Records one request and answers it from its route (404 when it has none). */
async function answer(
  state: UpstreamState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const delay = (delayMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        resolve();
      }, delayMs);
      state.timers.add(timer);
    });
  const call = await recordCall(request, response);
  state.calls.push(call);
  const { key, route } = findRoute({ routes: state.routes, request });
  if (route === undefined) {
    const message = `No fake route for ${request.method} ${call.url}`;
    const fake: FakeResponse = {
      type: 'error',
      status: 404,
      body: { error: { message } },
    };
    await writeFakeResponse({ request, response, fake, delay });
    return;
  }
  const callNumber = state.callCounts.get(key) ?? 0;
  state.callCounts.set(key, callNumber + 1);
  const source = route.response;
  const fake: FakeResponse =
    typeof source === 'function'
      ? await source({ callNumber, request: call })
      : Array.isArray(source)
        ? pickFromList(source, callNumber)
        : source;
  await writeFakeResponse({ request, response, fake, delay });
}

/** Stops the pending delays and the server, dropping open connections. */
async function closeUpstream(
  server: Server,
  timers: Set<ReturnType<typeof setTimeout>>,
): Promise<void> {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

function copyRoutes(routes: FakeRoutes): FakeRoutes {
  return Object.fromEntries(
    Object.entries(routes).map(([key, route]) => [key, { ...route }]),
  );
}

function findRoute(context: { routes: FakeRoutes; request: IncomingMessage }) {
  const path = new URL(context.request.url ?? '/', 'http://fake').pathname;
  const withMethod = `${context.request.method ?? 'GET'} ${path}`;
  for (const key of [withMethod, path]) {
    const route = context.routes[key];
    if (route !== undefined) return { key, route };
  }
  return { key: withMethod, route: undefined };
}

function pickFromList(list: FakeResponse[], callNumber: number): FakeResponse {
  const fake = list[Math.min(callNumber, list.length - 1)];
  if (fake === undefined) {
    throw new Error('A fake route was given an empty list of responses.');
  }
  return fake;
}

async function recordCall(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<FakeCall> {
  const ended = new Promise<'completed' | 'closed-early'>((resolve) => {
    response.once('close', () =>
      resolve(response.writableFinished ? 'completed' : 'closed-early'),
    );
  });
  const parts: Buffer[] = [];
  for await (const chunk of request) parts.push(chunk as Buffer);
  const bodyBytes = Buffer.concat(parts);
  const bodyText = bodyBytes.toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    headers,
    bodyText,
    bodyBytes,
    bodyJson: parseJsonOrUndefined(bodyText),
    remotePort: request.socket.remotePort,
    ended,
  };
}

function parseJsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
