/**
 * The PostgreSQL that tests of a SQL store run against: its URL, a schema
 * name of each run's own, and dropping those schemas afterwards. Node-only;
 * needs `pg` installed beside this kit.
 *
 * @example
 * const schema = testSchema('ledger');
 * afterAll(() => dropSchemas(schema));
 * const store = await createSqlStore({ url: POSTGRES_URL, schema });
 * @module
 */
import pg from 'pg';

/** `SWITCHYARD_TEST_POSTGRES_URL`, else the one CI starts on 127.0.0.1:5432. */
export const POSTGRES_URL =
  process.env.SWITCHYARD_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

/** A schema name of this test run's own, so runs never see each other's rows. */
export function testSchema(prefix: string): string {
  return `switchyard_${prefix}_${process.pid}_${Date.now()}`;
}

/** Drops `schemas` and everything in them (for an `afterAll`). */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(`drop schema if exists "${schema}" cascade`);
    }
  } finally {
    await client.end();
  }
}
