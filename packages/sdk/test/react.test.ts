import { text } from 'node:stream/consumers';
import {
  createSwitchyardClient,
  createSwitchyardReact,
  type SwitchyardQueryOptions,
} from '@switchyard/sdk/react';
import {
  MutationObserver,
  QueryClient,
  QueryClientProvider,
  useSuspenseQuery,
} from '@tanstack/react-query';
import { createElement } from 'react';
import { prerenderToNodeStream } from 'react-dom/static';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from './start-gateway';

const { SwitchyardProvider, useSwitchyard } = createSwitchyardReact();

/** `@switchyard/sdk/react` rendering against a real gateway (React's prerender waits for the query). */
describe('createSwitchyardReact', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    gateway = await startGateway(`
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { here: { use: local } }
routes: { text: { targets: ["here:echo"] } }
`);
  });
  afterAll(() => gateway.close());

  it('should run a query through the provider’s client, and a mutation with the options useMutation takes', async () => {
    const queryClient = new QueryClient();
    const client = createSwitchyardClient({ url: gateway.server.url });
    let trpc: SwitchyardQueryOptions | undefined;

    function ProviderNames() {
      trpc = useSwitchyard();
      const { data } = useSuspenseQuery(trpc.providers.list.queryOptions());
      return createElement(
        'ul',
        null,
        data.map((listing) =>
          createElement('li', { key: listing.name }, listing.name),
        ),
      );
    }
    const { prelude } = await prerenderToNodeStream(
      createElement(
        QueryClientProvider,
        { client: queryClient },
        createElement(SwitchyardProvider, {
          trpcClient: client,
          queryClient,
          children: createElement(ProviderNames),
        }),
      ),
    );
    expect(await text(prelude)).toBe('<ul><li>here</li></ul>');

    if (trpc === undefined) throw new Error('useSwitchyard was not called');
    const generate = new MutationObserver(
      queryClient,
      trpc.generate.mutationOptions(),
    );
    const result = await generate.mutate({ type: 'text', prompt: 'hi' });
    expect(result).toMatchObject({
      type: 'text',
      text: 'echo: hi',
      provider: 'here',
    });
  });
});
