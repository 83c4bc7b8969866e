// A React app on `@switchyard/sdk/react`, as a frontend team writes it. The
// outside-react-consumer test type-checks it against the packed SDK
// (installed with npm beside React, TanStack Query and tRPC's integration)
// and prerenders `App` against a running gateway.
import {
  QueryClient,
  QueryClientProvider,
  useMutation,
  useSuspenseQuery,
} from '@tanstack/react-query';
import { createElement, useState } from 'react';
import type { ImageResult } from '@switchyard/sdk';
import {
  createSwitchyardClient,
  createSwitchyardReact,
  isSwitchyardError,
  type SwitchyardErrorCode,
} from '@switchyard/sdk/react';

export const { SwitchyardProvider, useSwitchyard } = createSwitchyardReact();

/** The gateway's providers, as a list: suspends until they come. */
export function ProviderList() {
  const trpc = useSwitchyard();
  const { data } = useSuspenseQuery(trpc.providers.list.queryOptions());
  return createElement(
    'ul',
    null,
    data.map((listing) =>
      createElement('li', { key: listing.name }, listing.name),
    ),
  );
}

/** Generates an image on demand: the result is narrowed by `type`. */
export function useFox(): {
  generate: () => void;
  image: ImageResult | undefined;
  errorCode: SwitchyardErrorCode | undefined;
} {
  const trpc = useSwitchyard();
  const mutation = useMutation(trpc.generate.mutationOptions());
  const result = mutation.data;
  // @ts-expect-error — `text` is on a text result only, until narrowed.
  void result?.text;
  return {
    generate: () => mutation.mutate({ type: 'image', prompt: 'a fox' }),
    image: result?.type === 'image' ? result : undefined,
    errorCode: isSwitchyardError(mutation.error)
      ? mutation.error.data.code
      : undefined,
  };
}

/** The whole app: a client with a bearer token, and the gateway's providers. */
export function App(props: { url: string; token?: string }) {
  const [queryClient] = useState(() => new QueryClient());
  const [client] = useState(() =>
    createSwitchyardClient({
      url: props.url,
      headers: () =>
        props.token === undefined
          ? {}
          : { authorization: `Bearer ${props.token}` },
    }),
  );
  return createElement(
    QueryClientProvider,
    { client: queryClient },
    createElement(SwitchyardProvider, {
      trpcClient: client,
      queryClient,
      children: createElement(ProviderList),
    }),
  );
}
