import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlStore } from '@switchyard/store-sql';
import { afterAll, describe, expect, it } from 'vitest';
import { runKeysCommand } from './keys';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-keys-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const configFile = join(directory, 'switchyard.yaml');
writeFileSync(
  configFile,
  'store: { url: "sqlite:./state/keys.db" }\nproviders: { local: {} }\nroutes: { text: { targets: ["local:echo"] } }\n',
);

async function keys(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await runKeysCommand({
    argv,
    environment: { SWITCHYARD_CONFIG: configFile },
    output: {
      out: (line) => out.push(line),
      error: (line) => error.push(line),
    },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

describe('switchyard keys', () => {
  it('should create a key shown once, list it without the key, and revoke it', async () => {
    const created = await keys([
      'create',
      '--name',
      'frontend',
      '--credits',
      '5000000',
    ]);
    expect(created.code).toBe(0);
    const key =
      /key \(shown once, store it now\): (sy_\S+)/.exec(created.out)?.[1] ?? '';
    const id = /created (key_\S+)/.exec(created.out)?.[1] ?? '';
    expect(key).toMatch(/^sy_/);

    // The key works against the store the config names.
    const store = await createSqlStore({
      url: `sqlite:${join(directory, 'state/keys.db')}`,
    });
    expect((await store.apiKeys.authenticate(key))?.id).toBe(id);
    await store.close();

    const listed = await keys(['list']);
    expect(listed.out).toContain(`${id}\tfrontend`);
    expect(listed.out).toContain('active\t5000000 micro-credits available');
    expect(listed.out).not.toContain(key);

    expect((await keys(['revoke', id])).code).toBe(0);
    expect((await keys(['list'])).out).toContain('revoked');
    const again = await keys(['revoke', id]);
    expect(again).toMatchObject({
      code: 1,
      error: expect.stringContaining('no active key'),
    });
  });

  it('should create a key with its limits', async () => {
    const created = await keys([
      'create',
      '--name',
      'limited',
      '--per-minute',
      '10',
      '--routes',
      'image,text',
      '--providers',
      'local',
    ]);
    const key =
      /key \(shown once, store it now\): (sy_\S+)/.exec(created.out)?.[1] ?? '';
    const store = await createSqlStore({
      url: `sqlite:${join(directory, 'state/keys.db')}`,
    });
    expect((await store.apiKeys.authenticate(key))?.limits).toEqual({
      perMinute: 10,
      routes: ['image', 'text'],
      providers: ['local'],
    });
    await store.close();
  });

  it('should answer bad usage with the usage and exit code 2, touching nothing', async () => {
    for (const argv of [
      ['create'],
      ['create', '--name', 'x', '--credits', '-3'],
      ['create', '--name', 'x', '--credits', '1.5'],
      ['revoke'],
      ['rotate'],
      ['create', '--bogus'],
      ['create', '--name', 'x', '--per-minute', '0'],
      ['create', '--name', 'x', '--routes', ' , '],
    ]) {
      const result = await keys(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.error).toContain('usage:');
    }
  });
});
