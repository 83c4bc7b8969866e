import {
  createGroupWriter,
  type GenerationStore,
  type GroupWriter,
} from '@switchyard/core';
import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { GenerationsTable } from './database';
import {
  NO_OUTCOME,
  outcomeColumns,
  toGenerationRecord,
} from './generation-rows';
import { newestFirst } from './pagination';
import type { StoreDeps } from './store-deps';

/**
 * How long an ended call's record may wait for others to share its commit.
 * The gateway answers without waiting for it (a record is history; the
 * money is in the ledger, written before the answer), reads here wait for
 * it, and closing the store writes what is queued.
 */
export const RECORD_GROUP_DELAY_MS = 10;

/** The generation records of a SQL store, and the barrier for queued writes. */
export function createGenerationStore(
  deps: StoreDeps,
): GenerationStore & Pick<GroupWriter<unknown>, 'settled'> {
  const { db } = deps;
  const recordWriter = createRecordWriter(deps);
  return {
    begin: beginGeneration(deps),
    takeOver: takeOverGeneration(deps),
    finish: finishGeneration(deps),
    record: recordGeneration(deps, recordWriter),
    settled: () => recordWriter.settled(),
    async get(id) {
      await recordWriter.settled();
      const row = await db
        .selectFrom('switchyard_generations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toGenerationRecord(row);
    },
    async list({ keyId, subject, limit, before }) {
      await recordWriter.settled();
      const ofKey = db
        .selectFrom('switchyard_generations')
        .selectAll()
        .where('key_id', '=', keyId);
      // The listing indexes leave out calls without a key; SQLite uses such
      // an index only when the query states its condition word for word.
      const keyed =
        keyId === '' ? ofKey : ofKey.where(sql<boolean>`key_id <> ''`);
      const query =
        subject === undefined ? keyed : keyed.where('subject', '=', subject);
      const rows = await newestFirst(query, { before, limit }).execute();
      return rows.map(toGenerationRecord);
    },
  };
}

/** Records a starting call; with an idempotency key, only the first caller's. */
function beginGeneration({ db, now }: StoreDeps): GenerationStore['begin'] {
  return async (record) => {
    const values = {
      id: record.id,
      key_id: record.keyId,
      subject: record.subject ?? '',
      idempotency_key: record.idempotencyKey ?? null,
      request_hash: record.requestHash,
      route: record.route,
      status: 'in_flight' as const,
      ...NO_OUTCOME,
      created_at: now(),
      finished_at: null,
      owner: record.owner,
      expires_at: now() + record.ttlMs,
    };
    if (record.idempotencyKey === undefined) {
      await db.insertInto('switchyard_generations').values(values).execute();
      return { created: true };
    }
    // The unique index decides between concurrent callers: exactly one
    // insert wins; the others read the winner's record.
    const inserted = await db
      .insertInto('switchyard_generations')
      .values(values)
      .onConflict((conflict) =>
        conflict
          .columns(['key_id', 'subject', 'idempotency_key'])
          .where('idempotency_key', 'is not', null)
          .doNothing(),
      )
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0)
      return { created: true };
    const existing = await db
      .selectFrom('switchyard_generations')
      .selectAll()
      .where('key_id', '=', record.keyId)
      .where('subject', '=', record.subject ?? '')
      .where('idempotency_key', '=', record.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { created: false, existing: toGenerationRecord(existing) };
  };
}

function takeOverGeneration({
  db,
  now,
}: StoreDeps): GenerationStore['takeOver'] {
  return async ({ id, owner, ttlMs }) => {
    // One conditional write: of several callers taking over the same
    // lapsed claim, the first write renews it and the others match nothing.
    const at = now();
    const row = await db
      .updateTable('switchyard_generations')
      .set({ owner, expires_at: at + ttlMs })
      .where('id', '=', id)
      .where('status', '=', 'in_flight')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<=', at)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toGenerationRecord(row);
  };
}

function finishGeneration({ db, now }: StoreDeps): GenerationStore['finish'] {
  return async (id, outcome) => {
    await db
      .updateTable('switchyard_generations')
      .set({
        ...outcomeColumns(outcome),
        ...(outcome.status === 'failed' ? { idempotency_key: null } : {}),
        finished_at: now(),
      })
      .where('id', '=', id)
      .execute();
  };
}

/**
 * Writes ended calls in groups (see {@link createGroupWriter}). On SQLite a
 * group is one transaction of single-row inserts, each the same prepared
 * statement with no query to build (a multi-row insert was a new statement
 * for every group size, built and prepared anew); on PostgreSQL one
 * multi-row insert (one round trip).
 */
function createRecordWriter({
  db,
  dialect,
}: StoreDeps): GroupWriter<Insertable<GenerationsTable>> {
  return createGroupWriter<Insertable<GenerationsTable>>({
    delayMs: RECORD_GROUP_DELAY_MS,
    insert:
      dialect === 'sqlite'
        ? (rows) => insertEach(db, rows)
        : async (rows) => {
            await db
              .insertInto('switchyard_generations')
              .values(rows)
              .execute();
          },
  });
}

/** Records an ended call in one write (through the group writer). */
function recordGeneration(
  { now }: StoreDeps,
  recordWriter: GroupWriter<Insertable<GenerationsTable>>,
): GenerationStore['record'] {
  return (record) =>
    recordWriter.write({
      id: record.id,
      key_id: record.keyId,
      subject: record.subject ?? '',
      idempotency_key: null,
      request_hash: record.requestHash,
      route: record.route,
      ...NO_OUTCOME,
      ...outcomeColumns(record),
      created_at: record.createdAt,
      finished_at: now(),
      owner: null,
      expires_at: null,
    });
}

/** The insert of a row with these columns, made once per set of columns. */
const insertSql = new Map<string, string>();

/** SQLite: one transaction, one cached statement per row, no query built. */
async function insertEach(
  db: StoreDeps['db'],
  rows: Array<Insertable<GenerationsTable>>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      const columns = Object.keys(row);
      const key = columns.join(',');
      let text = insertSql.get(key);
      if (text === undefined) {
        text = `insert into "switchyard_generations" (${columns.map((column) => `"${column}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
        insertSql.set(key, text);
      }
      await trx.executeQuery(
        CompiledQuery.raw(text, Object.values(row) as unknown[]),
      );
    }
  });
}
