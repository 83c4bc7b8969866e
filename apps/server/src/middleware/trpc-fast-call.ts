import type { TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  type AnyProcedure,
} from '@trpc/server/unstable-core-do-not-import';
import type { Context } from '../context';
import type { AppRouter } from '../router';

/** Options of {@link trpcFastCall}. */
export interface TrpcFastCallOptions {
  router: AppRouter;
  /** Where the router is served, e.g. `/trpc`. */
  endpoint: string;
  createContext: () => Context;
  onError: (failure: {
    error: TRPCError;
    path: string;
    input: unknown;
    ctx: Context;
    type: 'mutation';
    req: Request;
  }) => void;
}

/**
 * Runs one unbatched tRPC mutation (what the SDK's `httpLink` and a plain
 * `curl -d` send: `POST /trpc/<path>` with the input as the JSON body) with
 * tRPC's own procedure, error shape and status, without its HTTP resolver:
 * that resolver joins three abort signals per call and rebuilds its options
 * at each step, a fifth of a pass-through call's CPU. Anything else — a
 * batch, a query, a subscription, a streamed (`jsonl`) answer, a body that
 * is not JSON — answers undefined and goes to tRPC's fetch handler, which
 * reads the same request (its body is read once and kept).
 */
export async function trpcFastCall(
  request: Request,
  options: TrpcFastCallOptions & {
    /** The request's path, without its query. */
    pathname: string;
  },
): Promise<Response | undefined> {
  const procedure = fastProcedure(request, options);
  if (procedure === undefined) return undefined;
  const text = await request.text();
  let input: unknown;
  try {
    input = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
  if (input === undefined) return undefined;
  const { path } = procedure;
  const config = options.router._def._config;
  const ctx = options.createContext();
  try {
    const data: unknown = await procedure.run({
      path,
      getRawInput: () =>
        Promise.resolve(config.transformer.input.deserialize(input)),
      ctx,
      type: 'mutation',
      signal: request.signal,
      batchIndex: 0,
    });
    const answer = { result: { data } };
    return jsonResponse(
      JSON.stringify(
        plainOutput(config) ? answer : transformTRPCResponse(config, answer),
      ),
      200,
    );
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError({
      error,
      path,
      input,
      ctx,
      type: 'mutation',
      req: request,
    });
    const answer = {
      error: getErrorShape({
        config,
        ctx,
        error,
        input,
        path,
        type: 'mutation',
      }),
    };
    return jsonResponse(
      JSON.stringify(transformTRPCResponse(config, answer)),
      getHTTPStatusCode(answer, [error]),
    );
  }
}

/** Whether the router's transformer leaves output as it is (tRPC's default): then the answer needs no copy. */
function plainOutput(config: AppRouter['_def']['_config']): boolean {
  const probe = {};
  return config.transformer.output.serialize(probe) === probe;
}

/** The mutation a request calls when the fast path can serve it, else undefined. */
function fastProcedure(
  request: Request,
  options: { router: AppRouter; endpoint: string; pathname: string },
): { path: string; run: AnyProcedure } | undefined {
  const { endpoint, pathname } = options;
  if (request.method !== 'POST') return undefined;
  if (request.headers.get('trpc-accept') !== null) return undefined;
  if (request.url.includes('?')) return undefined;
  if (!pathname.startsWith(endpoint + '/')) return undefined;
  const path = pathname.slice(endpoint.length + 1);
  if (path === '' || path.includes(',') || path.includes('/')) return undefined;
  const procedure = (
    options.router._def.procedures as unknown as Record<
      string,
      AnyProcedure | undefined
    >
  )[path];
  if (procedure?._def.type !== 'mutation') return undefined;
  return { path, run: procedure };
}

function jsonResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
