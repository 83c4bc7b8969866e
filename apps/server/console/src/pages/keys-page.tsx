import { useQuery } from '@tanstack/react-query';
import { ErrorLine } from '../error-line';
import { useSwitchyard } from '../switchyard-react';
import { CreateKeyForm } from './create-key-form';
import { KeyRow } from './key-row';
import { useKeyAdmin } from './use-key-admin';

/**
 * Admin keys only: every key with its role, limits and credits
 * (`admin.keys.list`); create one, top one up, change its limits, revoke it.
 */
export function KeysPage(props: { ownKeyId?: string }) {
  const trpc = useSwitchyard();
  const keys = useQuery(trpc.admin.keys.list.queryOptions());
  const admin = useKeyAdmin();
  const failed = [admin.topUp, admin.revoke, admin.setLimits].find(
    (mutation) => mutation.error !== null,
  );
  return (
    <>
      {keys.error !== null && <ErrorLine error={keys.error} />}
      {failed?.error != null && <ErrorLine error={failed.error} />}
      {keys.data === undefined ? (
        keys.error === null && <p role="status">Loading keys…</p>
      ) : (
        <table aria-label="API keys" data-updated-at={keys.dataUpdatedAt}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Limits</th>
              <th scope="col">Balance</th>
              <th scope="col">Available</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((item) => (
              <KeyRow
                key={item.id}
                item={item}
                admin={admin}
                own={item.id === props.ownKeyId}
              />
            ))}
          </tbody>
        </table>
      )}
      <CreateKeyForm admin={admin} />
    </>
  );
}
