import { sql, type SelectQueryBuilder } from 'kysely';
import type { StoreDatabase } from './database';

/** Tables listed a key's records at a time: newest first, by `created_at` then `id`. */
type PagedTable = 'switchyard_generations' | 'switchyard_jobs';

/**
 * Orders a listing newest first and continues after `before` (the last
 * record of the previous page), `limit` at a time: keyset pagination, so a
 * page never repeats or skips a record written meanwhile.
 */
export function newestFirst<TTable extends PagedTable, TRow>(
  query: SelectQueryBuilder<StoreDatabase, TTable, TRow>,
  options: { before?: { createdAt: number; id: string }; limit: number },
): SelectQueryBuilder<StoreDatabase, TTable, TRow> {
  const { before, limit } = options;
  const after =
    before === undefined
      ? query
      : query.where(
          sql<boolean>`(created_at < ${before.createdAt} or (created_at = ${before.createdAt} and id < ${before.id}))`,
        );
  return after
    .orderBy(sql`created_at`, 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(limit);
}
