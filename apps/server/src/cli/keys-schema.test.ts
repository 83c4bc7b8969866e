import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import { clientError, clientWithKey } from '../__tests__/test-server';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logger';
import { createServer, type SwitchyardServer } from '../server';
import { runKeysCommand } from './keys';

// Two gateways in two schemas of one database; unique per run, dropped after.
const SCHEMAS = { a: testSchema('keys_a'), b: testSchema('keys_b') };
const directory = mkdtempSync(join(tmpdir(), 'switchyard-keys-schema-'));

function configFile(schema: string): string {
  const file = join(directory, `${schema}.yaml`);
  writeFileSync(
    file,
    `store: { url: "${POSTGRES_URL}", schema: "${schema}" }
auth: { required: true }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`,
  );
  return file;
}

async function createKey(file: string): Promise<string> {
  const out: string[] = [];
  const error: string[] = [];
  const code = await runKeysCommand({
    argv: ['create', '--name', 'schema-test', '--credits', '1000000'],
    environment: { SWITCHYARD_CONFIG: file },
    output: {
      out: (line) => out.push(line),
      error: (line) => error.push(line),
    },
  });
  expect({ code, error }).toEqual({ code: 0, error: [] });
  return (
    /key \(shown once, store it now\): (sy_\S+)/.exec(out.join('\n'))?.[1] ?? ''
  );
}

async function tablesIn(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('switchyard keys with store.schema (PostgreSQL)', () => {
  const files = { a: configFile(SCHEMAS.a), b: configFile(SCHEMAS.b) };
  const servers: Partial<Record<'a' | 'b', SwitchyardServer>> = {};

  beforeAll(async () => {
    for (const name of ['a', 'b'] as const) {
      servers[name] = await createServer({
        config: await loadConfig({
          environment: { SWITCHYARD_CONFIG: files[name] },
        }),
        environment: {},
        logger: createLogger({ level: 'silent' }),
        port: 0,
        hostname: '127.0.0.1',
      });
    }
  }, 60_000);

  afterAll(async () => {
    await servers.a?.close({ graceMs: 1_000 });
    await servers.b?.close({ graceMs: 1_000 });
    await dropSchemas(...Object.values(SCHEMAS));
    rmSync(directory, { recursive: true, force: true });
  });

  it("should run migrations, with their lock, in each gateway's own schema", async () => {
    for (const schema of Object.values(SCHEMAS)) {
      expect(await tablesIn(schema)).toEqual(
        expect.arrayContaining([
          'switchyard_api_keys',
          'switchyard_migrations',
          'switchyard_migrations_lock',
        ]),
      );
    }
  });

  it('should give keys that work against their own gateway and not the other', async () => {
    const keyA = await createKey(files.a);
    const keyB = await createKey(files.b);
    const urlA = servers.a?.url ?? '';
    const urlB = servers.b?.url ?? '';
    for (const [url, key] of [
      [urlA, keyA],
      [urlB, keyB],
    ] as const) {
      const result = await clientWithKey(url, key).generate.mutate({
        type: 'text',
        prompt: 'hello',
      });
      expect(result.type).toBe('text');
    }
    for (const [url, key] of [
      [urlA, keyB],
      [urlB, keyA],
    ] as const) {
      const refused = await clientError(
        clientWithKey(url, key).generate.mutate({ type: 'text', prompt: 'hi' }),
      );
      expect(refused.data?.httpStatus).toBe(401);
    }
  });
});
