import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance } from '@switchyard/testing/conformance';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqlStore } from './index';

const POSTGRES_URL =
  process.env.SWITCHYARD_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeStoreConformance({
  name: 'SQLite',
  open: ({ now }) =>
    createSqlStore({ url: `sqlite:${join(directory, 'conformance.db')}`, now }),
});

// Each run gets its own schema, dropped at the end, so runs never see each other's rows.
const schema = `switchyard_test_${process.pid}_${Date.now()}`;
afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

describeStoreConformance({
  name: 'PostgreSQL',
  open: ({ now }) => createSqlStore({ url: POSTGRES_URL, schema, now }),
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

  it('should refuse a url that is neither sqlite: nor postgres://, without the password', async () => {
    await expect(
      createSqlStore({ url: 'mysql://root:hunter2@localhost/db' }),
    ).rejects.toThrow(/neither sqlite:… nor postgres:\/\//);
    await expect(
      createSqlStore({ url: 'mysql://root:hunter2@localhost/db' }),
    ).rejects.not.toThrow(/hunter2/);
  });
});
