import type {
  ApiKeyLimits,
  ApiKeyRecord,
  SwitchyardStore,
} from '@switchyard/core';
import type { KeysCommand } from './keys-args';

/** Where the command writes. */
export interface CommandOutput {
  out(line: string): void;
  error(line: string): void;
}

type CommandOf<TAction extends KeysCommand['action']> = Extract<
  KeysCommand,
  { action: TAction }
>;

/** Runs a checked `keys` command on `store`; returns the exit code. */
export async function runKeysAction(options: {
  store: SwitchyardStore;
  command: KeysCommand;
  output: CommandOutput;
}): Promise<number> {
  const { store, command, output } = options;
  switch (command.action) {
    case 'create':
      return createKey(store, command, output);
    case 'list':
      return listKeys(store, command, output);
    case 'revoke':
      return revokeKey(store, command, output);
    case 'top-up':
      return topUpKey(store, command, output);
    case 'set-limits':
      return setKeyLimits(store, command, output);
  }
}

async function createKey(
  store: SwitchyardStore,
  { input }: CommandOf<'create'>,
  output: CommandOutput,
): Promise<number> {
  const { key, record } = await store.apiKeys.create(input);
  output.out(
    `created ${record.id} "${record.name}" (${record.role}) with ${input.credits ?? 0} micro-credits, ${describeLimits(record.limits)}`,
  );
  output.out(`key (shown once, store it now): ${key}`);
  return 0;
}

/** What `keys list` shows of a key: its record and its credits. */
type ListedKey = ApiKeyRecord & {
  balance: { balance: number; reserved: number; available: number };
};

async function listKeys(
  store: SwitchyardStore,
  { json }: CommandOf<'list'>,
  output: CommandOutput,
): Promise<number> {
  const keys: ListedKey[] = [];
  for (const record of await store.apiKeys.list()) {
    const { balance, reserved, available } = await store.ledger.balance(
      record.id,
    );
    keys.push({ ...record, balance: { balance, reserved, available } });
  }
  if (json) {
    output.out(JSON.stringify({ keys }, null, 2));
    return 0;
  }
  if (keys.length === 0) {
    output.out(
      'no keys yet: create one with "switchyard keys create --name NAME".',
    );
    return 0;
  }
  for (const line of table(keys)) output.out(line);
  return 0;
}

const HEADER = [
  'ID',
  'NAME',
  'PREFIX',
  'ROLE',
  'STATE',
  'LIMITS',
  'BALANCE',
  'RESERVED',
  'AVAILABLE',
];

/** The keys as aligned columns, a header first; credits in micro-credits. */
function table(keys: ListedKey[]): string[] {
  const rows = [
    HEADER,
    ...keys.map((key) => [
      key.id,
      key.name,
      `${key.prefix}…`,
      key.role,
      key.revokedAt === undefined ? 'active' : 'revoked',
      describeLimits(key.limits),
      String(key.balance.balance),
      String(key.balance.reserved),
      String(key.balance.available),
    ]),
  ];
  const widths = HEADER.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** A key's limits in a few words: `60/min 1000/day routes=text,image`, or `no limits`. */
export function describeLimits(limits: ApiKeyLimits | undefined): string {
  const parts = [
    limits?.perMinute === undefined ? '' : `${limits.perMinute}/min`,
    limits?.perHour === undefined ? '' : `${limits.perHour}/hour`,
    limits?.perDay === undefined ? '' : `${limits.perDay}/day`,
    limits?.routes === undefined ? '' : `routes=${limits.routes.join(',')}`,
    limits?.providers === undefined
      ? ''
      : `providers=${limits.providers.join(',')}`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'no limits' : parts.join(' ');
}

async function revokeKey(
  store: SwitchyardStore,
  { keyId }: CommandOf<'revoke'>,
  output: CommandOutput,
): Promise<number> {
  if (await store.apiKeys.revoke(keyId)) {
    output.out(`revoked ${keyId}`);
    return 0;
  }
  output.error(`no active key ${keyId} (see "switchyard keys list").`);
  return 1;
}

async function topUpKey(
  store: SwitchyardStore,
  { keyId, credits }: CommandOf<'top-up'>,
  output: CommandOutput,
): Promise<number> {
  const record = await store.apiKeys.get(keyId);
  if (record === undefined || record.revokedAt !== undefined) {
    output.error(
      record === undefined
        ? `no key ${keyId} (see "switchyard keys list").`
        : `${keyId} is revoked: its credits can no longer be used.`,
    );
    return 1;
  }
  const { balance, reserved, available } = await store.ledger.grant({
    keyId,
    amount: credits,
  });
  output.out(
    `added ${credits} micro-credits to ${keyId}: balance ${balance}, reserved ${reserved}, available ${available}`,
  );
  return 0;
}

async function setKeyLimits(
  store: SwitchyardStore,
  { keyId, limits }: CommandOf<'set-limits'>,
  output: CommandOutput,
): Promise<number> {
  const record = await store.apiKeys.setLimits(keyId, limits);
  if (record === undefined) {
    output.error(`no key ${keyId} (see "switchyard keys list").`);
    return 1;
  }
  output.out(`${keyId} now has ${describeLimits(record.limits)}`);
  return 0;
}
