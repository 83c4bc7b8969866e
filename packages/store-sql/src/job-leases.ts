import type { JobStore } from '@switchyard/core';
import {
  changedRows,
  getJob,
  leaseTakeable,
  toJob,
  UNFINISHED,
} from './job-rows';
import type { StoreDeps } from './store-deps';

/** Leases a job in one conditional update, so of concurrent claimers one wins. */
export function claimJob({ db, now }: StoreDeps): JobStore['claim'] {
  return async ({ id, owner, leaseMs }) => {
    const at = now();
    const result = await db
      .updateTable('switchyard_jobs')
      .set({
        lease_owner: owner,
        lease_expires_at: at + leaseMs,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', 'in', UNFINISHED)
      .where(leaseTakeable({ owner, at }))
      .executeTakeFirst();
    return changedRows(result) ? getJob(db, id) : undefined;
  };
}

/** Unfinished jobs no live lease holds, oldest first. */
export function listClaimableJobs({
  db,
  now,
}: StoreDeps): JobStore['listClaimable'] {
  return async (limit) => {
    const at = now();
    const rows = await db
      .selectFrom('switchyard_jobs')
      .selectAll()
      .where('status', 'in', UNFINISHED)
      .where(leaseTakeable({ at }))
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  };
}

/** Extends a lease only for the owner still holding it. */
export function renewJobLease({ db, now }: StoreDeps): JobStore['renew'] {
  return async ({ id, owner, leaseMs }) => {
    const at = now();
    const result = await db
      .updateTable('switchyard_jobs')
      .set({ lease_expires_at: at + leaseMs })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', 'in', UNFINISHED)
      .executeTakeFirst();
    return changedRows(result);
  };
}
