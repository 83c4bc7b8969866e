import type { RouterOutputs } from '@switchyard/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSwitchyard } from '../switchyard-react';

/** One key as `admin.keys.list` shows it. */
export type ListedKey = RouterOutputs['admin']['keys']['list']['keys'][number];

/** A key's limits, as `admin.keys.setLimits` takes them. */
export type KeyLimits = NonNullable<ListedKey['limits']>;

/**
 * The admin changes to keys (`admin.keys.create`, `revoke`, `topUp`,
 * `setLimits`), each reading the key list again once it is done.
 */
export function useKeyAdmin() {
  const trpc = useSwitchyard();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.admin.keys.list.queryKey(),
    });
  return {
    create: useMutation(
      trpc.admin.keys.create.mutationOptions({ onSuccess: refresh }),
    ),
    revoke: useMutation(
      trpc.admin.keys.revoke.mutationOptions({ onSuccess: refresh }),
    ),
    topUp: useMutation(
      trpc.admin.keys.topUp.mutationOptions({ onSuccess: refresh }),
    ),
    setLimits: useMutation(
      trpc.admin.keys.setLimits.mutationOptions({ onSuccess: refresh }),
    ),
  };
}
