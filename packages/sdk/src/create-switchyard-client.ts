import type { AppRouter } from '@switchyard/server';
import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type HTTPHeaders,
  type HTTPLinkOptions,
  type TRPCClient,
  type TRPCProcedureOptions,
  type TRPCPromise,
} from '@trpc/client';
import { eventSourceClass } from './event-source-class';
import type { GenerateInput, GenerateResultFor } from './router-types';

type ErrorShape = AppRouter['_def']['_config']['$types']['errorShape'];

/**
 * `client.generate.mutate()`: resolves to the result of the input's `type`
 * (`{ type: 'image', … }` gives an `ImageResult`), or to the union when the
 * input is typed as the union. Only the type differs from tRPC's own
 * `mutate`; the call is the same.
 */
export type GenerateMutate = <TType extends GenerateInput['type']>(
  input: { type: TType } & Extract<GenerateInput, { type: TType }>,
  options?: TRPCProcedureOptions,
) => TRPCPromise<GenerateResultFor<TType>, ErrorShape>;

/**
 * A typed client of a Switchyard gateway's tRPC API: tRPC's client of the
 * gateway's router, with `generate.mutate` narrowed by the input's `type`.
 * It is what `SwitchyardProvider` (from `@switchyard/sdk/react`) takes.
 */
export type SwitchyardClient = Omit<TRPCClient<AppRouter>, 'generate'> & {
  generate: { mutate: GenerateMutate };
};

/** Headers to send with every call. */
export type SwitchyardHeaders = Record<string, string | undefined>;

/** Settings of {@link createSwitchyardClient}. */
export interface SwitchyardClientSettings {
  /**
   * The gateway's base URL, such as `http://127.0.0.1:8787`; the client calls
   * `${url}/trpc`. Required: no environment variable is read.
   */
  url: string;
  /**
   * The API key, sent as `authorization: Bearer <apiKey>` (and in preference
   * to an `authorization` header in `headers`). Default: none, for a gateway
   * without auth. No environment variable is read.
   */
  apiKey?: string;
  /**
   * Extra headers for every call, or a function that returns them (called
   * before each call and each connection or reconnection of a subscription,
   * so it can refresh a token). Default: none.
   */
  headers?:
    SwitchyardHeaders | (() => SwitchyardHeaders | Promise<SwitchyardHeaders>);
  /**
   * The `fetch` to call the gateway with (calls and subscriptions), for
   * tests, proxies or older runtimes. Default: the global `fetch`.
   */
  fetch?: HTTPLinkOptions<AppRouter['_def']['_config']['$types']>['fetch'];
  /**
   * The `EventSource` class for subscriptions (`generateStream`,
   * `jobs.events`: server-sent events). It must take a `fetch` option, so the
   * API key and headers go with every connection and reconnection. Default:
   * the `eventsource` package's, which is fetch-based and runs in browsers,
   * Node 20+ and edge runtimes alike (the global `EventSource` cannot send
   * an `Authorization` header). `createSwitchyardClient` throws a TypeError
   * for a value that is not a class, and for the global `EventSource` with
   * an `apiKey` or `headers`.
   */
  EventSource?: SwitchyardEventSource;
}

/** An `EventSource` class whose options take a `fetch`, such as the `eventsource` package's. */
export type SwitchyardEventSource = new (
  url: string,
  init?: {
    fetch?: (input: string | URL, init?: RequestInit) => Promise<Response>;
    withCredentials?: boolean;
  },
) => {
  readonly CLOSED: number;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly readyState: number;
  close(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DOM's listener types differ per runtime
  addEventListener(type: string, listener: (event: any) => void): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  removeEventListener(type: string, listener: (event: any) => void): void;
};

function trpcUrl(url: string): string {
  return `${url.replace(/\/+$/, '')}/trpc`;
}

function withApiKey(
  headers: SwitchyardHeaders,
  apiKey: string | undefined,
): HTTPHeaders {
  if (apiKey === undefined) return headers;
  const others = Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => name.toLowerCase() !== 'authorization',
    ),
  );
  return { ...others, authorization: `Bearer ${apiKey}` };
}

/**
 * Creates a typed client of a Switchyard gateway. Each call is one HTTP
 * request to `${url}/trpc` (no batching, so a slow generation never holds up
 * another call), with inputs, results and errors typed from the gateway's
 * router.
 *
 * @example
 * ```ts
 * import { createSwitchyardClient } from '@switchyard/sdk';
 *
 * const client = createSwitchyardClient({
 *   url: 'http://127.0.0.1:8787',
 *   apiKey: process.env.SWITCHYARD_API_KEY,
 * });
 *
 * const result = await client.generate.mutate({ type: 'image', prompt: 'a fox' });
 * console.log(result.provider, result.images[0]?.base64?.length); // an ImageResult
 * ```
 */
export function createSwitchyardClient(
  settings: SwitchyardClientSettings,
): SwitchyardClient {
  const { apiKey, headers = {} } = settings;
  const resolveHeaders = async (): Promise<HTTPHeaders> =>
    withApiKey(
      typeof headers === 'function' ? await headers() : headers,
      apiKey,
    );
  const url = trpcUrl(settings.url);
  // Only the type of `generate.mutate` is narrower than tRPC's.
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource: eventSourceClass(settings),
          eventSourceOptions: () => ({
            fetch: streamFetch({ fetch: settings.fetch, resolveHeaders }),
          }),
        }),
        false: httpLink({
          url,
          fetch: settings.fetch,
          headers: resolveHeaders,
        }),
      }),
    ],
  }) as SwitchyardClient;
}

/**
 * The `fetch` an `EventSource` connects with: the headers are resolved on
 * every connection, so a reconnection sends a refreshed token.
 */
function streamFetch(options: {
  fetch: SwitchyardClientSettings['fetch'];
  resolveHeaders: () => Promise<HTTPHeaders>;
}): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const sent = (await options.resolveHeaders()) as Record<string, string>;
    const fetchImpl = (options.fetch ?? globalThis.fetch) as typeof fetch;
    return fetchImpl(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), ...sent },
    });
  };
}
