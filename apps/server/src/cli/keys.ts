import { parseArgs } from 'node:util';
import type { ApiKeyLimits, SwitchyardStore } from '@switchyard/core';
import { loadConfig } from '../config/load-config';
import type { Environment } from '../config/substitute-environment';
import { DEFAULT_STORE_URL, openConfiguredStore } from '../open-store';

const USAGE = `usage:
  switchyard keys create --name NAME [--credits MICRO_CREDITS]
      [--per-minute N] [--per-hour N] [--per-day N] [--routes a,b] [--providers x,y]
  switchyard keys list
  switchyard keys revoke KEY_ID
The store is the one SWITCHYARD_CONFIG names (store.url and store.schema), else ${DEFAULT_STORE_URL}.`;

/** Where the command writes. */
export interface CommandOutput {
  out(line: string): void;
  error(line: string): void;
}

/** A `keys` command line, checked. */
type KeysCommand =
  | {
      action: 'create';
      name: string;
      credits: number;
      limits: ApiKeyLimits | undefined;
    }
  | { action: 'list' }
  | { action: 'revoke'; keyId: string };

/**
 * `switchyard keys …`: creates (the key is printed once), lists and revokes
 * API keys in the configured store. Returns the exit code: 0 done, 1 failed,
 * 2 bad usage.
 */
export async function runKeysCommand(options: {
  argv: string[];
  environment: Environment;
  cwd?: string;
  output: CommandOutput;
}): Promise<number> {
  const { output } = options;
  const command = parseKeysCommand(options.argv);
  if (typeof command === 'string') {
    output.error(`${command}\n${USAGE}`);
    return 2;
  }
  const config = await loadConfig({
    environment: options.environment,
    cwd: options.cwd,
  });
  const store = await openConfiguredStore({ config });
  try {
    if (command.action === 'create')
      return await createKey(store, command, output);
    if (command.action === 'list') return await listKeys(store, output);
    return await revokeKey(store, command.keyId, output);
  } finally {
    await store.close();
  }
}

/** The command the arguments ask for, or what is wrong with them. */
function parseKeysCommand(argv: string[]): KeysCommand | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        credits: { type: 'string' },
        'per-minute': { type: 'string' },
        'per-hour': { type: 'string' },
        'per-day': { type: 'string' },
        routes: { type: 'string' },
        providers: { type: 'string' },
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const [action, ...rest] = parsed.positionals;
  const limits = readLimits(parsed.values);
  if (typeof limits === 'string') return limits;
  const credits =
    parsed.values.credits === undefined ? 0 : Number(parsed.values.credits);
  if (action === 'create' && (parsed.values.name ?? '').trim() === '') {
    return '--name is required.';
  }
  if (action === 'create' && (!Number.isSafeInteger(credits) || credits < 0)) {
    return `--credits must be a whole, non-negative number of micro-credits, not "${parsed.values.credits}".`;
  }
  if (action === 'revoke' && rest.length !== 1) {
    return 'revoke takes one key id (see "switchyard keys list").';
  }
  if (action === 'create') {
    return { action, name: parsed.values.name ?? '', credits, limits };
  }
  if (action === 'list') return { action };
  if (action === 'revoke') return { action, keyId: rest[0] ?? '' };
  return `unknown action "${action ?? ''}".`;
}

async function createKey(
  store: SwitchyardStore,
  command: Extract<KeysCommand, { action: 'create' }>,
  output: CommandOutput,
): Promise<number> {
  const { credits, limits } = command;
  const { key, record } = await store.apiKeys.create({
    name: command.name,
    credits,
    ...(limits === undefined ? {} : { limits }),
  });
  output.out(
    `created ${record.id} "${record.name}" with ${credits} micro-credits`,
  );
  output.out(`key (shown once, store it now): ${key}`);
  return 0;
}

async function listKeys(
  store: SwitchyardStore,
  output: CommandOutput,
): Promise<number> {
  for (const record of await store.apiKeys.list()) {
    const { available } = await store.ledger.balance(record.id);
    const state = record.revokedAt === undefined ? 'active' : 'revoked';
    output.out(
      `${record.id}\t${record.name}\t${record.prefix}…\t${state}\t${available} micro-credits available`,
    );
  }
  return 0;
}

async function revokeKey(
  store: SwitchyardStore,
  id: string,
  output: CommandOutput,
): Promise<number> {
  if (await store.apiKeys.revoke(id)) {
    output.out(`revoked ${id}`);
    return 0;
  }
  output.error(`no active key ${id} (see "switchyard keys list").`);
  return 1;
}

/** The limits the flags give, undefined for none, or what is wrong with them. */
function readLimits(
  values: Record<string, string | boolean | undefined>,
): ApiKeyLimits | undefined | string {
  const limits: ApiKeyLimits = {};
  for (const [flag, field] of [
    ['per-minute', 'perMinute'],
    ['per-hour', 'perHour'],
    ['per-day', 'perDay'],
  ] as const) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      return `--${flag} must be a whole number of calls, at least 1, not "${text}".`;
    }
    limits[field] = value;
  }
  for (const field of ['routes', 'providers'] as const) {
    const text = values[field];
    if (typeof text !== 'string') continue;
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 0) return `--${field} needs at least one name.`;
    limits[field] = names;
  }
  return Object.keys(limits).length === 0 ? undefined : limits;
}
