import {
  isErrorCode,
  type Attempt,
  type GenerationOutcome,
  type GenerationRecord,
  type GenerationStore,
} from '@switchyard/core';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { GenerationsTable, StoreDatabase } from './database';
import { createGroupWriter } from './group-writer';
import { newestFirst } from './pagination';

function toRecord(row: Selectable<GenerationsTable>): GenerationRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    ...(row.idempotency_key == null
      ? {}
      : { idempotencyKey: row.idempotency_key }),
    requestHash: row.request_hash,
    route: row.route,
    status: row.status,
    ...(row.provider == null ? {} : { provider: row.provider }),
    ...(row.model == null ? {} : { model: row.model }),
    costMicroCredits: Number(row.cost),
    unchargedMicroCredits: Number(row.uncharged),
    ...(row.result == null
      ? {}
      : { result: JSON.parse(row.result) as unknown }),
    ...(row.error_code == null
      ? {}
      : {
          errorCode: isErrorCode(row.error_code) ? row.error_code : 'unknown',
        }),
    ...(row.attempts == null
      ? {}
      : { attempts: JSON.parse(row.attempts) as Attempt[] }),
    createdAt: Number(row.created_at),
    ...(row.finished_at == null ? {} : { finishedAt: Number(row.finished_at) }),
    ...(row.owner == null ? {} : { owner: row.owner }),
    ...(row.expires_at == null ? {} : { expiresAt: Number(row.expires_at) }),
  };
}

/** The outcome columns of a call that has not ended. */
const NO_OUTCOME = {
  provider: null,
  model: null,
  cost: 0,
  uncharged: 0,
  result: null,
  error_code: null,
  attempts: null,
} as const;

/** The columns that say how a call ended. */
function outcomeColumns(outcome: GenerationOutcome) {
  const attempts =
    outcome.attempts === undefined
      ? {}
      : { attempts: JSON.stringify(outcome.attempts) };
  return outcome.status === 'succeeded'
    ? {
        status: 'succeeded' as const,
        provider: outcome.provider,
        model: outcome.model,
        cost: outcome.costMicroCredits,
        uncharged: outcome.unchargedMicroCredits ?? 0,
        result: JSON.stringify(outcome.result),
        ...attempts,
      }
    : { status: 'failed' as const, error_code: outcome.errorCode, ...attempts };
}

/** The generation records of a SQL store. */
export function createGenerationStore(options: {
  db: Kysely<StoreDatabase>;
  now: () => number;
}): GenerationStore {
  const { db, now } = options;
  const get = async (id: string) => {
    const row = await db
      .selectFrom('switchyard_generations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };
  const recordWriter = createGroupWriter<Insertable<GenerationsTable>>({
    insert: async (rows) => {
      await db.insertInto('switchyard_generations').values(rows).execute();
    },
  });
  return {
    async begin(record) {
      const values = {
        id: record.id,
        key_id: record.keyId,
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
            .columns(['key_id', 'idempotency_key'])
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
        .where('idempotency_key', '=', record.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { created: false, existing: toRecord(existing) };
    },
    async takeOver({ id, owner, ttlMs }) {
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
      return row === undefined ? undefined : toRecord(row);
    },
    async finish(id, outcome) {
      await db
        .updateTable('switchyard_generations')
        .set({
          ...outcomeColumns(outcome),
          ...(outcome.status === 'failed' ? { idempotency_key: null } : {}),
          finished_at: now(),
        })
        .where('id', '=', id)
        .execute();
    },
    record(record) {
      return recordWriter.write({
        id: record.id,
        key_id: record.keyId,
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
    },
    get,
    async list({ keyId, limit, before }) {
      const query = db
        .selectFrom('switchyard_generations')
        .selectAll()
        .where('key_id', '=', keyId);
      const rows = await newestFirst(query, { before, limit }).execute();
      return rows.map(toRecord);
    },
  };
}
