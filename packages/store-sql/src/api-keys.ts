import { randomUUID } from 'node:crypto';
import {
  apiKeyRoleSchema,
  generateApiKey,
  hashApiKey,
  type ApiKeyLimits,
  type ApiKeyRecord,
  type ApiKeyStore,
} from '@switchyard/core';
import type { Selectable } from 'kysely';
import { assertAmount } from './amounts';
import { groupedKeyLookups } from './key-lookups';
import type { ApiKeysTable } from './database';
import { writeLedgerEntry } from './ledger-entries';
import { preparedQuery } from './prepared-query';
import type { StoreDeps } from './store-deps';

/** A stored role; one this version does not know grants nothing beyond a user's. */
const storedRole = apiKeyRoleSchema.catch('user');

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: storedRole.parse(row.role),
    prefix: row.key_prefix,
    createdAt: Number(row.created_at),
    ...(row.revoked_at == null ? {} : { revokedAt: Number(row.revoked_at) }),
    ...(row.limits == null
      ? {}
      : { limits: JSON.parse(row.limits) as ApiKeyLimits }),
  };
}

/** The API keys of a SQL store: only the key's hash is stored, never the key. */
export function createApiKeyStore(deps: StoreDeps): ApiKeyStore {
  return {
    create: createApiKey(deps),
    authenticate: authenticateKey(deps),
    get: getKey(deps),
    list: listKeys(deps),
    revoke: revokeKey(deps),
    setLimits: setKeyLimits(deps),
  };
}

/** Stores a new key and, in the same transaction, grants its first credits. */
function createApiKey({ db, now }: StoreDeps): ApiKeyStore['create'] {
  return async ({ name, credits = 0, limits, role = 'user' }) => {
    assertAmount(credits, 'credits');
    const { key, hash, prefix } = generateApiKey();
    const id = `key_${randomUUID()}`;
    const createdAt = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('switchyard_api_keys')
        .values({
          id,
          name,
          key_hash: hash,
          key_prefix: prefix,
          created_at: createdAt,
          revoked_at: null,
          balance: credits,
          reserved: 0,
          limits: limits === undefined ? null : JSON.stringify(limits),
          role,
        })
        .execute();
      if (credits > 0) {
        await writeLedgerEntry(trx, {
          keyId: id,
          kind: 'grant',
          amount: credits,
          at: createdAt,
        });
      }
    });
    return {
      key,
      record: {
        id,
        name,
        role,
        prefix,
        createdAt,
        ...(limits === undefined ? {} : { limits }),
      },
    };
  };
}

const selectLiveKey = preparedQuery(1, (database, [hash]) =>
  database
    .selectFrom('switchyard_api_keys')
    .selectAll()
    .where('key_hash', '=', hash ?? '')
    .where('revoked_at', 'is', null),
);

/**
 * The live key whose hash matches: a revoked key no longer authenticates.
 * On PostgreSQL the lookups of one turn share a query (see
 * {@link groupedKeyLookups}).
 */
function authenticateKey(deps: StoreDeps): ApiKeyStore['authenticate'] {
  const lookUp =
    deps.dialect === 'postgres'
      ? groupedKeyLookups(deps)
      : async (hash: string) => (await selectLiveKey(deps.db, [hash])).rows[0];
  return async (key) => {
    const row = await lookUp(hashApiKey(key));
    return row === undefined ? undefined : toRecord(row);
  };
}

function getKey({ db }: StoreDeps): ApiKeyStore['get'] {
  return async (id) => {
    const row = await db
      .selectFrom('switchyard_api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };
}

function listKeys({ db }: StoreDeps): ApiKeyStore['list'] {
  return async () => {
    const rows = await db
      .selectFrom('switchyard_api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  };
}

function revokeKey({ db, now }: StoreDeps): ApiKeyStore['revoke'] {
  return async (id) => {
    const result = await db
      .updateTable('switchyard_api_keys')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  };
}

/** Replaces a key's limits (null clears them) and reads the record back. */
function setKeyLimits(deps: StoreDeps): ApiKeyStore['setLimits'] {
  const get = getKey(deps);
  return async (id, limits) => {
    const result = await deps.db
      .updateTable('switchyard_api_keys')
      .set({ limits: limits === undefined ? null : JSON.stringify(limits) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? get(id) : undefined;
  };
}
