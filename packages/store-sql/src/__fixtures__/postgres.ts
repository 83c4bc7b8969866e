import pg from 'pg';

/** The PostgreSQL the store tests use (CI starts one on 127.0.0.1:5432). */
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
