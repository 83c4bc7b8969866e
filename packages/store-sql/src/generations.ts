import type { GenerationStore } from '@switchyard/core';
import type { Insertable } from 'kysely';
import type { GenerationsTable } from './database';
import {
  NO_OUTCOME,
  outcomeColumns,
  toGenerationRecord,
} from './generation-rows';
import { createGroupWriter } from './group-writer';
import { newestFirst } from './pagination';
import type { StoreDeps } from './store-deps';

/** The generation records of a SQL store. */
export function createGenerationStore(deps: StoreDeps): GenerationStore {
  const { db } = deps;
  return {
    begin: beginGeneration(deps),
    takeOver: takeOverGeneration(deps),
    finish: finishGeneration(deps),
    record: recordGeneration(deps),
    async get(id) {
      const row = await db
        .selectFrom('switchyard_generations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toGenerationRecord(row);
    },
    async list({ keyId, subject, limit, before }) {
      const keyed = db
        .selectFrom('switchyard_generations')
        .selectAll()
        .where('key_id', '=', keyId);
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

/** Writes ended calls in groups (see {@link createGroupWriter}). */
function recordGeneration({ db, now }: StoreDeps): GenerationStore['record'] {
  const recordWriter = createGroupWriter<Insertable<GenerationsTable>>({
    insert: async (rows) => {
      await db.insertInto('switchyard_generations').values(rows).execute();
    },
  });
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
