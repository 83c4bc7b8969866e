import { randomBytes, randomUUID } from 'node:crypto';
import type {
  TokenRecord,
  TokenRevocation,
  TokenStore,
} from '@switchyard/core';
import type { Selectable } from 'kysely';
import type { TokenRevocationsTable, TokensTable } from './database';
import { assertAmount } from './amounts';
import type { StoreDeps } from './store-deps';

const SIGNING_SECRET = 'token-signing-secret';

/** Minted tokens of a SQL store: budgets, single-use marks, revocations, the signing secret. */
export function createTokenStore(deps: StoreDeps): TokenStore {
  const { db, now } = deps;
  return {
    async create(token) {
      if (token.maxCredits !== undefined)
        assertAmount(token.maxCredits, 'maxCredits');
      const row = {
        id: token.id,
        key_id: token.keyId,
        subject: token.subject,
        session: token.session ?? null,
        max_credits: token.maxCredits ?? null,
        providers:
          token.providers === undefined
            ? null
            : JSON.stringify(token.providers),
        spent: 0,
        reserved: 0,
        created_at: now(),
        expires_at: token.expiresAt,
        used_at: null,
      };
      await db.insertInto('switchyard_tokens').values(row).execute();
      return toTokenRecord(row);
    },
    async get(id) {
      const row = await db
        .selectFrom('switchyard_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toTokenRecord(row);
    },
    async use(id) {
      // One conditional write: of concurrent callers, one marks it.
      const result = await db
        .updateTable('switchyard_tokens')
        .set({ used_at: now() })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async revoke({ keyId, subject, session, revokedAt }) {
      const row = {
        id: `rvk_${randomUUID()}`,
        key_id: keyId,
        subject,
        session: session ?? null,
        revoked_at: revokedAt ?? now(),
      };
      await db.insertInto('switchyard_token_revocations').values(row).execute();
      return toRevocation(row);
    },
    async listRevocations(since) {
      const rows = await db
        .selectFrom('switchyard_token_revocations')
        .selectAll()
        .where('revoked_at', '>=', since)
        .orderBy('revoked_at')
        .execute();
      return rows.map(toRevocation);
    },
    signingSecret: () => signingSecret(deps),
  };
}

/** The shared signing secret: the first process to ask creates it; the rest read it. */
async function signingSecret({ db }: StoreDeps): Promise<Uint8Array> {
  await db
    .insertInto('switchyard_settings')
    .values({
      name: SIGNING_SECRET,
      value: randomBytes(32).toString('base64url'),
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('switchyard_settings')
    .select('value')
    .where('name', '=', SIGNING_SECRET)
    .executeTakeFirstOrThrow();
  return new Uint8Array(Buffer.from(row.value, 'base64url'));
}

function toTokenRecord(row: Selectable<TokensTable>): TokenRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    subject: row.subject,
    ...(row.session === null ? {} : { session: row.session }),
    ...(row.max_credits == null ? {} : { maxCredits: Number(row.max_credits) }),
    ...(row.providers == null
      ? {}
      : { providers: JSON.parse(row.providers) as string[] }),
    spent: Number(row.spent),
    reserved: Number(row.reserved),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

function toRevocation(row: Selectable<TokenRevocationsTable>): TokenRevocation {
  return {
    keyId: row.key_id,
    subject: row.subject,
    ...(row.session === null ? {} : { session: row.session }),
    revokedAt: Number(row.revoked_at),
  };
}
