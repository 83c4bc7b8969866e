import {
  QueryClient,
  useMutation,
  useQuery,
  type QueryKey,
} from '@tanstack/react-query';
import { createElement, type ComponentProps } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  GenerateInput,
  GenerateResult,
  ImageResult,
  Job,
  ProviderListing,
  TextResult,
  TextStreamEvent,
} from './index';
import {
  createSwitchyardClient,
  createSwitchyardReact,
  useSubscription,
  type SwitchyardClient,
  type SwitchyardErrorCode,
} from './react';

const { SwitchyardProvider, useSwitchyard, useSwitchyardClient } =
  createSwitchyardReact();

describe('useSwitchyard with TanStack Query', () => {
  it('should type useMutation(trpc.generate.mutationOptions()): the input union in, the result union out, narrowed by type', () => {
    const trpc = useSwitchyard();
    const generate = useMutation(trpc.generate.mutationOptions());
    expectTypeOf(generate.data).toEqualTypeOf<GenerateResult | undefined>();
    expectTypeOf(generate.mutate).parameter(0).toEqualTypeOf<GenerateInput>();
    const result = generate.data;
    if (result?.type === 'image') {
      expectTypeOf(result).toEqualTypeOf<ImageResult>();
      // @ts-expect-error — `text` is on a text result only.
      void result.text;
    } else if (result?.type === 'text') {
      expectTypeOf(result).toEqualTypeOf<TextResult>();
      expectTypeOf(result.text).toEqualTypeOf<string>();
    }
    // @ts-expect-error — no such type.
    generate.mutate({ type: 'hologram', prompt: 'a fox' });
  });

  it('should type a mutation’s error data with the Switchyard error code', () => {
    const trpc = useSwitchyard();
    const generate = useMutation(trpc.generate.mutationOptions());
    expectTypeOf(generate.error?.data?.code).toEqualTypeOf<
      SwitchyardErrorCode | undefined
    >();
  });

  it('should type queries and their keys', () => {
    const trpc = useSwitchyard();
    const providers = useQuery(trpc.providers.list.queryOptions());
    expectTypeOf(providers.data).toEqualTypeOf<ProviderListing[] | undefined>();
    const job = useQuery(trpc.jobs.get.queryOptions({ id: 'job_1' }));
    expectTypeOf(job.data).toEqualTypeOf<Job | undefined>();
    expectTypeOf(trpc.jobs.get.queryKey({ id: 'job_1' })).toExtend<QueryKey>();
    // @ts-expect-error — jobs.get needs an id.
    void trpc.jobs.get.queryOptions({});
  });

  it('should type a stream through useSubscription', () => {
    const trpc = useSwitchyard();
    const stream = useSubscription(
      trpc.generateStream.subscriptionOptions({ type: 'text', prompt: 'hi' }),
    );
    expectTypeOf(stream.data?.data).toEqualTypeOf<
      TextStreamEvent | undefined
    >();
  });
});

describe('SwitchyardProvider and useSwitchyardClient', () => {
  it('should take a client from createSwitchyardClient and a QueryClient', () => {
    const client = createSwitchyardClient({ url: 'http://127.0.0.1:8787' });
    createElement(SwitchyardProvider, {
      trpcClient: client,
      queryClient: new QueryClient(),
      children: null,
    });
    expectTypeOf<SwitchyardClient>().toExtend<
      ComponentProps<typeof SwitchyardProvider>['trpcClient']
    >();
    expectTypeOf(useSwitchyardClient()).toEqualTypeOf<SwitchyardClient>();
  });
});
