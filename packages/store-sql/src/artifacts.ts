import {
  SwitchyardError,
  type ArtifactRecord,
  type ArtifactStore,
} from '@switchyard/core';
import type { Kysely, Selectable } from 'kysely';
import type { ArtifactsTable } from './database';
import type { StoreDeps } from './store-deps';

/** Kept outputs of a SQL store: one row per artifact, its bytes elsewhere. */
export function createArtifactStore(deps: StoreDeps): ArtifactStore {
  const { db, now } = deps;
  return {
    async create(record) {
      if (!Number.isSafeInteger(record.bytes) || record.bytes < 0) {
        throw new SwitchyardError({
          code: 'invalid_request',
          message: `An artifact's size is a whole number of bytes, not ${record.bytes}.`,
        });
      }
      const row = {
        id: record.id,
        key_id: record.keyId ?? null,
        subject: record.subject ?? null,
        generation_id: record.generationId,
        mime_type: record.mimeType,
        bytes: record.bytes,
        sha256: record.sha256,
        location: record.location,
        created_at: now(),
        expires_at: record.expiresAt ?? null,
      };
      await db.insertInto('switchyard_artifacts').values(row).execute();
      return toArtifactRecord(row);
    },
    async get(id) {
      const row = await db
        .selectFrom('switchyard_artifacts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toArtifactRecord(row);
    },
    async listExpired(at, limit) {
      const rows = await db
        .selectFrom('switchyard_artifacts')
        .selectAll()
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', at)
        .orderBy('expires_at')
        .orderBy('id')
        .limit(Math.max(0, Math.floor(limit)))
        .execute();
      return rows.map(toArtifactRecord);
    },
    async delete(id) {
      const result = await db
        .deleteFrom('switchyard_artifacts')
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/**
 * Kept outputs (issue 15): who owns each, where its bytes are, when it
 * expires; indexed by expiry for the sweeper.
 */
export async function migrateArtifacts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('switchyard_artifacts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('key_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('generation_id', 'text', (column) => column.notNull())
    .addColumn('mime_type', 'text', (column) => column.notNull())
    .addColumn('bytes', 'bigint', (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull())
    .addColumn('location', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('switchyard_artifacts_by_expiry')
    .on('switchyard_artifacts')
    .columns(['expires_at', 'id'])
    .execute();
}

function toArtifactRecord(row: Selectable<ArtifactsTable>): ArtifactRecord {
  return {
    id: row.id,
    ...(row.key_id === null ? {} : { keyId: row.key_id }),
    ...(row.subject === null ? {} : { subject: row.subject }),
    generationId: row.generation_id,
    mimeType: row.mime_type,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    location: row.location,
    createdAt: Number(row.created_at),
    ...(row.expires_at == null ? {} : { expiresAt: Number(row.expires_at) }),
  };
}
