import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLeasedLedger, type SwitchyardStore } from '@switchyard/core';
import { describeStoreConformance } from '@switchyard/testing/conformance';
import Database from 'libsql';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import { createSqlStore } from './index';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeStoreConformance({
  name: 'SQLite',
  open: ({ now }) =>
    createSqlStore({ url: `sqlite:${join(directory, 'conformance.db')}`, now }),
});

// Each run gets its own schema, dropped at the end, so runs never see each other's rows.
const schema = testSchema('test');
afterAll(() => dropSchemas(schema, `${schema}_roles`, `${schema}_leased`));

describeStoreConformance({
  name: 'PostgreSQL',
  open: ({ now }) => createSqlStore({ url: POSTGRES_URL, schema, now }),
});

/** The store with its ledger leased in slices, as the server uses it. */
async function leased(
  opening: Promise<SwitchyardStore>,
  now: () => number,
): Promise<SwitchyardStore> {
  const store = await opening;
  const ledger = createLeasedLedger(store.ledger, { now });
  return {
    ...store,
    ledger,
    close: async () => {
      await ledger.close();
      await store.close();
    },
  };
}

describeStoreConformance({
  name: 'SQLite, leased',
  open: ({ now }) =>
    leased(
      createSqlStore({ url: `sqlite:${join(directory, 'leased.db')}`, now }),
      now,
    ),
});

describeStoreConformance({
  name: 'PostgreSQL, leased',
  open: ({ now }) =>
    leased(
      createSqlStore({ url: POSTGRES_URL, schema: `${schema}_leased`, now }),
      now,
    ),
});

describe('createSqlStore', () => {
  it('should keep keys and credits across a reopen of the same SQLite file', async () => {
    const url = `sqlite:${join(directory, 'reopen.db')}`;
    const first = await createSqlStore({ url });
    const { key, record } = await first.apiKeys.create({
      name: 'kept',
      credits: 42,
    });
    await first.close();
    const second = await createSqlStore({ url });
    expect(await second.apiKeys.authenticate(key)).toEqual(record);
    expect((await second.ledger.balance(record.id)).balance).toBe(42);
    await second.close();
  });

  it('should let a record written without waiting be read at once, and keep it across a close', async () => {
    const url = `sqlite:${join(directory, 'queued-records.db')}`;
    const first = await createSqlStore({ url });
    const ended = (id: string) => ({
      id,
      keyId: 'key_queued',
      requestHash: 'hash',
      route: 'text',
      createdAt: 1,
      status: 'failed' as const,
      errorCode: 'timeout' as const,
      attempts: [],
    });
    // Neither write is awaited: the gateway answers before its record's
    // group is committed.
    void first.generations.record(ended('gen_read_at_once'));
    expect(await first.generations.get('gen_read_at_once')).toMatchObject({
      id: 'gen_read_at_once',
      status: 'failed',
    });
    void first.generations.record(ended('gen_kept_by_close'));
    await first.close();
    const second = await createSqlStore({ url });
    const page = await second.generations.list({
      keyId: 'key_queued',
      limit: 10,
    });
    expect(page.map((record) => record.id).sort()).toEqual([
      'gen_kept_by_close',
      'gen_read_at_once',
    ]);
    await second.close();
  });

  it('should refuse a url that is neither sqlite: nor postgres://, without the password', async () => {
    await expect(
      createSqlStore({ url: 'mysql://root:hunter2@localhost/db' }),
    ).rejects.toThrow(/neither sqlite:… nor postgres:\/\//);
    await expect(
      createSqlStore({ url: 'mysql://root:hunter2@localhost/db' }),
    ).rejects.not.toThrow(/hunter2/);
  });

  it('should make keys stored before roles existed user keys, on SQLite and PostgreSQL', async () => {
    // Each database is taken back to before migration 0016 with a key in it
    // (later migrations run again: they only rebuild indexes).
    const before = [
      'alter table switchyard_api_keys drop column role',
      "delete from switchyard_migrations where name >= '0016'",
      "insert into switchyard_api_keys (id, name, key_hash, key_prefix, created_at, balance, reserved) values ('key_old', 'old', 'hash', 'sy_old', 1, 0, 0)",
    ];
    const file = join(directory, 'roles.db');
    await (await createSqlStore({ url: `sqlite:${file}` })).close();
    const sqlite = new Database(file);
    for (const statement of before) sqlite.exec(statement);
    sqlite.close();

    const rolesSchema = `${schema}_roles`;
    await (
      await createSqlStore({ url: POSTGRES_URL, schema: rolesSchema })
    ).close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`set search_path to "${rolesSchema}"`);
      for (const statement of before) await client.query(statement);
    } finally {
      await client.end();
    }

    for (const open of [
      () => createSqlStore({ url: `sqlite:${file}` }),
      () => createSqlStore({ url: POSTGRES_URL, schema: rolesSchema }),
    ]) {
      const store = await open();
      try {
        expect(await store.apiKeys.get('key_old')).toMatchObject({
          name: 'old',
          role: 'user',
        });
      } finally {
        await store.close();
      }
    }
  });
});
