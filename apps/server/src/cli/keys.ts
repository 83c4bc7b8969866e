import { parseArgs } from 'node:util';
import type { ApiKeyLimits } from '@switchyard/core';
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
  let parsed;
  try {
    parsed = parseArgs({
      args: options.argv,
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
    output.error(
      `${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return 2;
  }
  const [action, ...rest] = parsed.positionals;
  const limits = readLimits(parsed.values);
  if (typeof limits === 'string') {
    output.error(`${limits}\n${USAGE}`);
    return 2;
  }
  const credits =
    parsed.values.credits === undefined ? 0 : Number(parsed.values.credits);
  const problem =
    action === 'create' && (parsed.values.name ?? '').trim() === ''
      ? '--name is required.'
      : action === 'create' && (!Number.isSafeInteger(credits) || credits < 0)
        ? `--credits must be a whole, non-negative number of micro-credits, not "${parsed.values.credits}".`
        : action === 'revoke' && rest.length !== 1
          ? 'revoke takes one key id (see "switchyard keys list").'
          : action === undefined ||
              !['create', 'list', 'revoke'].includes(action)
            ? `unknown action "${action ?? ''}".`
            : undefined;
  if (problem !== undefined) {
    output.error(`${problem}\n${USAGE}`);
    return 2;
  }

  const config = await loadConfig({
    environment: options.environment,
    cwd: options.cwd,
  });
  const store = await openConfiguredStore({ config });
  try {
    if (action === 'create') {
      const { key, record } = await store.apiKeys.create({
        name: parsed.values.name ?? '',
        credits,
        ...(limits === undefined ? {} : { limits }),
      });
      output.out(
        `created ${record.id} "${record.name}" with ${credits} micro-credits`,
      );
      output.out(`key (shown once, store it now): ${key}`);
      return 0;
    }
    if (action === 'list') {
      for (const record of await store.apiKeys.list()) {
        const { available } = await store.ledger.balance(record.id);
        const state = record.revokedAt === undefined ? 'active' : 'revoked';
        output.out(
          `${record.id}\t${record.name}\t${record.prefix}…\t${state}\t${available} micro-credits available`,
        );
      }
      return 0;
    }
    const id = rest[0] ?? '';
    if (await store.apiKeys.revoke(id)) {
      output.out(`revoked ${id}`);
      return 0;
    }
    output.error(`no active key ${id} (see "switchyard keys list").`);
    return 1;
  } finally {
    await store.close();
  }
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
