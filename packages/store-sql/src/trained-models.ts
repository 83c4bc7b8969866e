import type { TrainedModelRecord, TrainedModelStore } from '@switchyard/core';
import type { Selectable } from 'kysely';
import type { TrainedModelsTable } from './database';
import type { StoreDeps } from './store-deps';

/** Trained models of a SQL store, by reference, with the key that owns each. */
export function createTrainedModelStore(deps: StoreDeps): TrainedModelStore {
  const { db, now } = deps;
  return {
    async record(record) {
      // The first record of a reference wins: a replayed training result
      // (a resumed job, a retried write) never changes its owner.
      await db
        .insertInto('switchyard_trained_models')
        .values({
          ref: record.ref,
          instance: record.instance,
          model_id: record.modelId,
          key_id: record.keyId,
          subject: record.subject,
          name: record.name,
          trigger_word: record.triggerWord,
          base_model: record.baseModel ?? null,
          generation_id: record.generationId,
          created_at: now(),
        })
        .onConflict((conflict) => conflict.column('ref').doNothing())
        .execute();
    },
    async get(ref) {
      const row = await db
        .selectFrom('switchyard_trained_models')
        .selectAll()
        .where('ref', '=', ref)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async list({ keyId, subject, limit }) {
      let query = db
        .selectFrom('switchyard_trained_models')
        .selectAll()
        .where('key_id', '=', keyId);
      if (subject !== undefined) query = query.where('subject', '=', subject);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('ref', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<TrainedModelsTable>): TrainedModelRecord {
  return {
    ref: row.ref,
    instance: row.instance,
    modelId: row.model_id,
    keyId: row.key_id,
    subject: row.subject,
    name: row.name,
    triggerWord: row.trigger_word,
    ...(row.base_model === null ? {} : { baseModel: row.base_model }),
    generationId: row.generation_id,
    createdAt: Number(row.created_at),
  };
}
