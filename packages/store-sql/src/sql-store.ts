import { randomUUID } from 'node:crypto';
import {
  SwitchyardError,
  generateApiKey,
  hashApiKey,
  type ApiKeyLimits,
  type ApiKeyRecord,
  type CreditBalance,
  type Reservation,
  type SwitchyardStore,
} from '@switchyard/core';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { openDatabase, type StoreUrl } from './connect';
import type {
  ApiKeysTable,
  ReservationsTable,
  StoreDatabase,
} from './database';
import { createGenerationStore } from './generations';
import { createJobStore } from './jobs';
import { migrateToLatest } from './migrations';

/** Options of {@link createSqlStore}. */
export interface SqlStoreOptions {
  /** `sqlite:./data/switchyard.db` (relative to `cwd`), `sqlite::memory:`, or `postgres://user@host:5432/db`. */
  url: StoreUrl;
  /** PostgreSQL only: the schema to keep the tables in. Default: the connection's. */
  schema?: string;
  /** Clock; default `Date.now`. */
  now?: () => number;
  cwd?: string;
}

type Database = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

const toNumber = (value: number | string): number => Number(value);

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.key_prefix,
    createdAt: toNumber(row.created_at),
    ...(row.revoked_at == null ? {} : { revokedAt: toNumber(row.revoked_at) }),
    ...(row.limits == null
      ? {}
      : { limits: JSON.parse(row.limits) as ApiKeyLimits }),
  };
}

function toReservation(row: Selectable<ReservationsTable>): Reservation {
  return {
    id: row.id,
    keyId: row.key_id,
    amount: toNumber(row.amount),
    status: row.status,
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    ...(row.captured_amount == null
      ? {}
      : { capturedAmount: toNumber(row.captured_amount) }),
  };
}

function assertAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `${what} must be a whole, non-negative number of micro-credits, not ${amount}.`,
    });
  }
}

/**
 * Opens the SQL store at `url` (SQLite or PostgreSQL), running migrations
 * first. Money moves only inside transactions with conditional updates, so
 * concurrent reservations never overdraw a key and capture is idempotent.
 *
 * @example
 * const store = await createSqlStore({ url: 'sqlite:./data/switchyard.db' });
 * const { key } = await store.apiKeys.create({ name: 'frontend', credits: 5_000_000 });
 */
export async function createSqlStore(
  options: SqlStoreOptions,
): Promise<SwitchyardStore> {
  const { db, dialect } = openDatabase(options);
  const now = options.now ?? Date.now;
  if (dialect === 'postgres' && options.schema !== undefined) {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(
      db,
    );
  }
  try {
    await migrateToLatest(
      db as Kysely<unknown>,
      dialect === 'postgres' ? options.schema : undefined,
    );
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const balanceOf = async (
    database: Database,
    keyId: string,
  ): Promise<CreditBalance> => {
    const row = await database
      .selectFrom('switchyard_api_keys')
      .select(['balance', 'reserved'])
      .where('id', '=', keyId)
      .executeTakeFirst();
    if (row === undefined) {
      throw new SwitchyardError({
        code: 'not_found',
        message: `No API key ${keyId}.`,
      });
    }
    const balance = toNumber(row.balance);
    const reserved = toNumber(row.reserved);
    return { keyId, balance, reserved, available: balance - reserved };
  };

  const reservationOf = async (
    database: Database,
    id: string,
  ): Promise<Reservation> => {
    const row = await database
      .selectFrom('switchyard_reservations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) {
      throw new SwitchyardError({
        code: 'not_found',
        message: `No reservation ${id}.`,
      });
    }
    return toReservation(row);
  };

  /** Frees a hold: reserved → released, and the key's reserved total drops. */
  const releaseIn = async (
    database: Database,
    id: string,
  ): Promise<boolean> => {
    const released = await database
      .updateTable('switchyard_reservations')
      .set({ status: 'released' })
      .where('id', '=', id)
      .where('status', '=', 'reserved')
      .returning(['key_id', 'amount'])
      .executeTakeFirst();
    if (released === undefined) return false;
    await database
      .updateTable('switchyard_api_keys')
      .set({ reserved: sql<number>`reserved - ${toNumber(released.amount)}` })
      .where('id', '=', released.key_id)
      .execute();
    return true;
  };

  return {
    apiKeys: {
      async create({ name, credits = 0, limits }) {
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
            })
            .execute();
          if (credits > 0) {
            await trx
              .insertInto('switchyard_ledger_entries')
              .values({
                id: randomUUID(),
                key_id: id,
                kind: 'grant',
                amount: credits,
                reservation_id: null,
                created_at: createdAt,
              })
              .execute();
          }
        });
        return {
          key,
          record: {
            id,
            name,
            prefix,
            createdAt,
            ...(limits === undefined ? {} : { limits }),
          },
        };
      },
      async authenticate(key) {
        const row = await db
          .selectFrom('switchyard_api_keys')
          .selectAll()
          .where('key_hash', '=', hashApiKey(key))
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      },
      async get(id) {
        const row = await db
          .selectFrom('switchyard_api_keys')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      },
      async list() {
        const rows = await db
          .selectFrom('switchyard_api_keys')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return rows.map(toRecord);
      },
      async revoke(id) {
        const result = await db
          .updateTable('switchyard_api_keys')
          .set({ revoked_at: now() })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      },
    },
    ledger: {
      balance: (keyId) => balanceOf(db, keyId),
      async grant({ keyId, amount }) {
        assertAmount(amount, 'amount');
        return db.transaction().execute(async (trx) => {
          const result = await trx
            .updateTable('switchyard_api_keys')
            .set({ balance: sql<number>`balance + ${amount}` })
            .where('id', '=', keyId)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) {
            throw new SwitchyardError({
              code: 'not_found',
              message: `No API key ${keyId}.`,
            });
          }
          await trx
            .insertInto('switchyard_ledger_entries')
            .values({
              id: randomUUID(),
              key_id: keyId,
              kind: 'grant',
              amount,
              reservation_id: null,
              created_at: now(),
            })
            .execute();
          return balanceOf(trx, keyId);
        });
      },
      async reserve({ keyId, amount, ttlMs }) {
        assertAmount(amount, 'amount');
        return db.transaction().execute(async (trx) => {
          // One conditional update: the hold is taken only if it fits, so two
          // concurrent reservations can never both take the last credits.
          const held = await trx
            .updateTable('switchyard_api_keys')
            .set({ reserved: sql<number>`reserved + ${amount}` })
            .where('id', '=', keyId)
            .where('revoked_at', 'is', null)
            .where(sql<boolean>`balance - reserved >= ${amount}`)
            .executeTakeFirst();
          if (Number(held.numUpdatedRows) === 0) {
            const balance = await balanceOf(trx, keyId);
            throw new SwitchyardError({
              code: 'quota_exceeded',
              isRetryable: false,
              message: `Not enough credits: ${balance.available} micro-credits available, this call needs up to ${amount}. Add credits to the key or lower the request.`,
            });
          }
          const createdAt = now();
          const reservation = {
            id: `res_${randomUUID()}`,
            key_id: keyId,
            amount,
            status: 'reserved' as const,
            created_at: createdAt,
            expires_at: createdAt + ttlMs,
            captured_amount: null,
          };
          await trx
            .insertInto('switchyard_reservations')
            .values(reservation)
            .execute();
          return toReservation(reservation);
        });
      },
      async capture({ reservationId, amount }) {
        assertAmount(amount, 'amount');
        return db.transaction().execute(async (trx) => {
          // Lock the reservation's row, then the key's (PostgreSQL; the
          // order release takes them in): the clamp below reads the
          // balance, which no other transaction may move meanwhile.
          await trx
            .updateTable('switchyard_reservations')
            .set({ status: sql<Reservation['status']>`status` })
            .where('id', '=', reservationId)
            .execute();
          const before = await reservationOf(trx, reservationId);
          if (before.status === 'captured') return before;
          const heldAmount = before.status === 'reserved' ? before.amount : 0;
          await trx
            .updateTable('switchyard_api_keys')
            .set({ balance: sql<number>`balance` })
            .where('id', '=', before.keyId)
            .execute();
          // Never below zero, nor into other calls' holds.
          const { available } = await balanceOf(trx, before.keyId);
          const charged = Math.max(0, Math.min(amount, available + heldAmount));
          const captured = await trx
            .updateTable('switchyard_reservations')
            .set({ status: 'captured', captured_amount: charged })
            .where('id', '=', reservationId)
            .where('status', '=', before.status)
            .executeTakeFirst();
          // Another capture won the race: it charged; this one must not.
          if (Number(captured.numUpdatedRows) === 0)
            return reservationOf(trx, reservationId);
          await trx
            .updateTable('switchyard_api_keys')
            .set({
              balance: sql<number>`balance - ${charged}`,
              reserved: sql<number>`reserved - ${heldAmount}`,
            })
            .where('id', '=', before.keyId)
            .execute();
          await trx
            .insertInto('switchyard_ledger_entries')
            .values({
              id: randomUUID(),
              key_id: before.keyId,
              kind: 'capture',
              amount: charged,
              reservation_id: reservationId,
              created_at: now(),
            })
            .execute();
          return reservationOf(trx, reservationId);
        });
      },
      async release(reservationId) {
        return db.transaction().execute(async (trx) => {
          await releaseIn(trx, reservationId);
          return reservationOf(trx, reservationId);
        });
      },
      async releaseExpired() {
        const expired = await db
          .selectFrom('switchyard_reservations')
          .select('id')
          .where('status', '=', 'reserved')
          .where('expires_at', '<=', now())
          .execute();
        let released = 0;
        for (const { id } of expired) {
          const done = await db
            .transaction()
            .execute((trx) => releaseIn(trx, id));
          if (done) released += 1;
        }
        return released;
      },
    },
    generations: createGenerationStore({ db, now }),
    jobs: createJobStore({ db, now }),
    close: () => db.destroy(),
  };
}
