import { JOB_STATUSES, type JobCounts, type JobStore } from '@switchyard/core';
import type { StoreDeps } from './store-deps';

/**
 * Counts jobs per status in one grouped query (the `status` index covers
 * it), every status present, 0 when it has no jobs.
 */
export function countJobsByStatus({
  db,
}: StoreDeps): JobStore['countByStatus'] {
  return async () => {
    const rows = await db
      .selectFrom('switchyard_jobs')
      .select(['status', (builder) => builder.fn.countAll().as('jobs')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(
      JOB_STATUSES.map((status) => [status, 0]),
    ) as JobCounts;
    for (const row of rows) counts[row.status] = Number(row.jobs);
    return counts;
  };
}
