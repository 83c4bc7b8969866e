/**
 * `@switchyard/sdk/react`: the gateway's procedures as TanStack Query
 * options, through tRPC's own `@trpc/tanstack-react-query`. Needs `react`,
 * `@tanstack/react-query` and `@trpc/tanstack-react-query` installed beside
 * the SDK.
 *
 * @module
 */
import type { AppRouter } from '@switchyard/server';
import {
  createTRPCContext,
  type TRPCOptionsProxy,
} from '@trpc/tanstack-react-query';
import type { SwitchyardClient } from './create-switchyard-client';

type TRPCContext = ReturnType<typeof createTRPCContext<AppRouter>>;

/** The gateway's procedures as TanStack Query options: `trpc.generate.mutationOptions()`. */
export type SwitchyardQueryOptions = TRPCOptionsProxy<AppRouter>;

/** What {@link createSwitchyardReact} returns: a provider and two hooks. */
export interface SwitchyardReact {
  /**
   * Puts a client (`trpcClient`, from `createSwitchyardClient`) and a
   * TanStack `queryClient` in context for the hooks below.
   */
  SwitchyardProvider: TRPCContext['TRPCProvider'];
  /**
   * The procedures as query, mutation and subscription options, for
   * TanStack Query's hooks: `useMutation(trpc.generate.mutationOptions())`,
   * `useQuery(trpc.providers.list.queryOptions())`,
   * `useSubscription(trpc.jobs.events.subscriptionOptions({ id }))`.
   */
  useSwitchyard: () => SwitchyardQueryOptions;
  /** The client itself, for a call outside TanStack Query. */
  useSwitchyardClient: () => SwitchyardClient;
}

/**
 * Creates the React bindings of a Switchyard gateway. Call it once, at
 * module level, and share what it returns (each call makes its own React
 * context).
 *
 * @example
 * ```tsx
 * import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
 * import { createSwitchyardClient, createSwitchyardReact } from '@switchyard/sdk/react';
 *
 * export const { SwitchyardProvider, useSwitchyard } = createSwitchyardReact();
 * const queryClient = new QueryClient();
 * const client = createSwitchyardClient({
 *   url: 'https://gateway.example.com',
 *   headers: async () => ({ authorization: `Bearer ${await getToken()}` }),
 * });
 *
 * export function App() {
 *   return (
 *     <QueryClientProvider client={queryClient}>
 *       <SwitchyardProvider trpcClient={client} queryClient={queryClient}>
 *         <Fox />
 *       </SwitchyardProvider>
 *     </QueryClientProvider>
 *   );
 * }
 *
 * function Fox() {
 *   const trpc = useSwitchyard();
 *   const generate = useMutation(trpc.generate.mutationOptions());
 *   // generate.data?.type === 'image' narrows to the image result
 * }
 * ```
 */
export function createSwitchyardReact(): SwitchyardReact {
  const { TRPCProvider, useTRPC, useTRPCClient } =
    createTRPCContext<AppRouter>();
  return {
    SwitchyardProvider: TRPCProvider,
    useSwitchyard: useTRPC,
    // The provider holds the client given to it: a SwitchyardClient.
    useSwitchyardClient: () => useTRPCClient() as SwitchyardClient,
  };
}

export { useSubscription } from '@trpc/tanstack-react-query';
export { createSwitchyardClient } from './create-switchyard-client';
export type {
  SwitchyardClient,
  SwitchyardClientSettings,
  SwitchyardHeaders,
} from './create-switchyard-client';
export { isSwitchyardError } from './switchyard-client-error';
export type {
  SwitchyardClientError,
  SwitchyardErrorCode,
} from './switchyard-client-error';
