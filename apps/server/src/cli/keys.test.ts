import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchyardStore } from '@switchyard/core';
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

/** Runs `keys create` and returns the key and its id. */
async function created(argv: string[]): Promise<{ key: string; id: string }> {
  const result = await keys(['create', ...argv]);
  expect(result).toMatchObject({ code: 0, error: '' });
  return {
    key:
      /key \(shown once, store it now\): (sy_\S+)/.exec(result.out)?.[1] ?? '',
    id: /created (key_\S+)/.exec(result.out)?.[1] ?? '',
  };
}

/** The store the config names, opened for `use` and closed after. */
async function withStore<T>(
  use: (store: SwitchyardStore) => Promise<T>,
): Promise<T> {
  const store = await createSqlStore({
    url: `sqlite:${join(directory, 'state/keys.db')}`,
  });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** `keys list --json`'s entry for `id`. */
async function listed(id: string) {
  const result = await keys(['list', '--json']);
  expect(result.code).toBe(0);
  const { keys: all } = JSON.parse(result.out) as {
    keys: Array<{
      id: string;
      role: string;
      limits?: unknown;
      revokedAt?: number;
      balance: { balance: number; reserved: number; available: number };
    }>;
  };
  return all.find((key) => key.id === id);
}

describe('switchyard keys', () => {
  it('should create a key shown once, list it without the key, and revoke it printing only its id', async () => {
    const { key, id } = await created([
      '--name',
      'frontend',
      '--credits',
      '5000000',
    ]);
    expect(key).toMatch(/^sy_/);
    // The key works against the store the config names.
    expect(
      await withStore(async (store) => await store.apiKeys.authenticate(key)),
    ).toMatchObject({ id, role: 'user' });

    const list = await keys(['list']);
    expect(list.out).toMatch(
      /^ID +NAME +PREFIX +ROLE +STATE +LIMITS +BALANCE +RESERVED +AVAILABLE$/m,
    );
    expect(list.out).toMatch(
      new RegExp(
        `^${id} +frontend +sy_\\S+… +user +active +no limits +5000000 +0 +5000000$`,
        'm',
      ),
    );
    expect(list.out).not.toContain(key);

    const revoked = await keys(['revoke', id]);
    expect(revoked).toEqual({ code: 0, out: `revoked ${id}`, error: '' });
    expect((await keys(['list'])).out).toMatch(
      new RegExp(`^${id} +frontend +\\S+ +user +revoked`, 'm'),
    );
    expect(await keys(['revoke', id])).toMatchObject({
      code: 1,
      error: expect.stringContaining('no active key'),
    });
  });

  it('should create an admin key with --admin, and list every key as JSON with role, limits and credits', async () => {
    const { key, id } = await created([
      '--name',
      'ops',
      '--admin',
      '--credits',
      '7',
    ]);
    expect(
      await withStore(async (store) => (await store.apiKeys.get(id))?.role),
    ).toBe('admin');
    expect(await listed(id)).toMatchObject({
      id,
      name: 'ops',
      role: 'admin',
      balance: { balance: 7, reserved: 0, available: 7 },
    });
    expect((await keys(['list', '--json'])).out).not.toContain(key);
    expect((await keys(['list'])).out).toMatch(
      new RegExp(`^${id} +ops +\\S+ +admin +active`, 'm'),
    );
  });

  it('should create a key with its limits', async () => {
    const { key } = await created([
      '--name',
      'limited',
      '--per-minute',
      '10',
      '--routes',
      'image,text',
      '--providers',
      'local',
    ]);
    expect(
      await withStore(
        async (store) => (await store.apiKeys.authenticate(key))?.limits,
      ),
    ).toEqual({
      perMinute: 10,
      routes: ['image', 'text'],
      providers: ['local'],
    });
  });

  it("should top up a live key's credits, and refuse an unknown or revoked key", async () => {
    const { id } = await created(['--name', 'app', '--credits', '100']);
    const toppedUp = await keys(['top-up', id, '--credits', '2500']);
    expect(toppedUp).toMatchObject({ code: 0, error: '' });
    expect(toppedUp.out).toContain('balance 2600');
    expect(toppedUp.out).not.toContain('sy_');
    expect((await listed(id))?.balance).toEqual({
      balance: 2_600,
      reserved: 0,
      available: 2_600,
    });

    expect(
      await keys(['top-up', 'key_missing', '--credits', '5']),
    ).toMatchObject({ code: 1, error: expect.stringContaining('no key') });
    await keys(['revoke', id]);
    expect(await keys(['top-up', id, '--credits', '5'])).toMatchObject({
      code: 1,
      error: expect.stringContaining('revoked'),
    });
    expect((await listed(id))?.balance.balance).toBe(2_600);
  });

  it("should replace a key's limits with set-limits, clear them with --clear, and refuse an unknown key", async () => {
    const { key, id } = await created(['--name', 'changing', '--per-day', '9']);
    const set = await keys([
      'set-limits',
      id,
      '--per-minute',
      '1',
      '--routes',
      'text',
    ]);
    expect(set).toMatchObject({ code: 0, error: '' });
    expect(set.out).toContain('1/min routes=text');
    expect(
      await withStore(
        async (store) => (await store.apiKeys.authenticate(key))?.limits,
      ),
    ).toEqual({ perMinute: 1, routes: ['text'] });

    expect(await keys(['set-limits', id, '--clear'])).toMatchObject({
      code: 0,
      out: `${id} now has no limits`,
    });
    expect((await listed(id))?.limits).toBeUndefined();
    expect(
      await keys(['set-limits', 'key_missing', '--per-hour', '3']),
    ).toMatchObject({ code: 1, error: expect.stringContaining('no key') });
  });

  it('should print the usage with exit code 0 for --help, of all actions or of one', async () => {
    for (const argv of [['--help'], ['-h']]) {
      const help = await keys(argv);
      expect(help).toMatchObject({ code: 0, error: '' });
      for (const action of [
        'create',
        'list',
        'revoke',
        'top-up',
        'set-limits',
      ]) {
        expect(help.out).toContain(`switchyard keys ${action}`);
      }
    }
    const topUp = await keys(['top-up', '--help']);
    expect(topUp).toMatchObject({ code: 0, error: '' });
    expect(topUp.out).toContain('switchyard keys top-up KEY_ID --credits');
    expect(topUp.out).not.toContain('switchyard keys create');
    expect((await keys(['create', '--admin', '-h'])).code).toBe(0);
  });

  it('should refuse an unknown action with exit code 2, suggesting the nearest', async () => {
    const typo = await keys(['lsit']);
    expect(typo.code).toBe(2);
    expect(typo.error).toContain('unknown action "lsit". Did you mean "list"?');
    const topUp = await keys(['topup', 'key_x']);
    expect(topUp.error).toContain('Did you mean "top-up"?');
    const far = await keys(['deploy']);
    expect(far).toMatchObject({ code: 2 });
    expect(far.error).not.toContain('Did you mean');
    expect(far.error).toContain('usage:');
  });

  it('should answer bad usage with the usage and exit code 2, touching nothing', async () => {
    const before = (await keys(['list', '--json'])).out;
    for (const argv of [
      [],
      ['create'],
      ['create', '--name', ' '],
      ['create', '--name', 'x', '--credits', '-3'],
      ['create', '--name', 'x', '--credits', '1.5'],
      ['create', '--name', 'x', '--credits', '1e30'],
      ['create', '--name', 'x', 'key_extra'],
      ['create', '--bogus'],
      ['create', '--name', 'x', '--per-minute', '0'],
      ['create', '--name', 'x', '--routes', ' , '],
      ['revoke'],
      ['revoke', 'key_a', 'key_b'],
      ['revoke', 'key_a', '--credits', '5'],
      ['top-up', 'key_a'],
      ['top-up', 'key_a', '--credits', '0'],
      ['top-up', '--credits', '5'],
      ['set-limits', 'key_a'],
      ['set-limits', 'key_a', '--clear', '--per-minute', '3'],
      ['set-limits', 'key_a', '--per-hour', 'many'],
      ['list', '--admin'],
    ]) {
      const result = await keys(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.error, argv.join(' ')).toContain('usage:');
      expect(result.out, argv.join(' ')).toBe('');
    }
    expect((await keys(['list', '--json'])).out).toBe(before);
  });
});
