import { parseArgs } from 'node:util';
import { apiKeyLimitsSchema, type ApiKeyLimits } from '@switchyard/core';
import type { z } from 'zod';
import { createKeyInputSchema, MAX_CREDIT_GRANT } from '../admin/admin-schemas';
import { closest } from './closest';

/** A `keys` command line, checked. */
export type KeysCommand =
  | {
      action: 'create';
      input: z.output<typeof createKeyInputSchema>;
    }
  | { action: 'list'; json: boolean }
  | { action: 'revoke'; keyId: string }
  | { action: 'top-up'; keyId: string; credits: number }
  | { action: 'set-limits'; keyId: string; limits: ApiKeyLimits | undefined };

/** The actions of `switchyard keys`, in the order the usage lists them. */
export const KEYS_ACTIONS = [
  'create',
  'list',
  'revoke',
  'top-up',
  'set-limits',
] as const;

type KeysAction = (typeof KEYS_ACTIONS)[number];

/** What parsing a `keys` command line gives: a command, a request for help, or what is wrong. */
export type ParsedKeys =
  | { kind: 'command'; command: KeysCommand }
  | { kind: 'help'; action?: KeysAction }
  | { kind: 'error'; message: string; action?: KeysAction };

const LIMIT_FLAGS = {
  'per-minute': { type: 'string' },
  'per-hour': { type: 'string' },
  'per-day': { type: 'string' },
  routes: { type: 'string' },
  providers: { type: 'string' },
} as const;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The flags each action takes. */
const FLAGS = {
  create: {
    ...HELP,
    ...LIMIT_FLAGS,
    name: { type: 'string' },
    credits: { type: 'string' },
    admin: { type: 'boolean' },
  },
  list: { ...HELP, json: { type: 'boolean' } },
  revoke: HELP,
  'top-up': { ...HELP, credits: { type: 'string' } },
  'set-limits': { ...HELP, ...LIMIT_FLAGS, clear: { type: 'boolean' } },
} as const;

type FlagValues = Record<string, string | boolean | undefined>;

function isAction(word: string): word is KeysAction {
  return (KEYS_ACTIONS as readonly string[]).includes(word);
}

/** Reads `switchyard keys …`'s arguments (after `keys`). */
export function parseKeysArgs(argv: string[]): ParsedKeys {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    return action === undefined
      ? { kind: 'error', message: 'which action?' }
      : { kind: 'help' };
  }
  if (!isAction(action)) {
    const guess = closest(action, KEYS_ACTIONS);
    return {
      kind: 'error',
      message: `unknown action "${action}".${guess === undefined ? '' : ` Did you mean "${guess}"?`}`,
    };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: FLAGS[action],
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'error', message, action };
  }
  const values = parsed.values as FlagValues;
  if (values.help === true) return { kind: 'help', action };
  const command = commandOf(action, parsed.positionals, values);
  return typeof command === 'string'
    ? { kind: 'error', message: command, action }
    : { kind: 'command', command };
}

/** The command `action` with its positionals and flags, or what is wrong. */
function commandOf(
  action: KeysAction,
  positionals: string[],
  values: FlagValues,
): KeysCommand | string {
  if (action === 'create' || action === 'list') {
    if (positionals.length > 0) {
      return `${action} takes no key id ("${positionals.join(' ')}"): flags only.`;
    }
    return action === 'create'
      ? createCommand(values)
      : { action, json: values.json === true };
  }
  if (positionals.length !== 1) {
    return `${action} takes one key id (see "switchyard keys list").`;
  }
  const keyId = positionals[0] ?? '';
  if (action === 'revoke') return { action, keyId };
  if (action === 'top-up') {
    const credits = wholeNumber(values.credits, '--credits');
    if (credits === undefined) return 'top-up needs --credits.';
    if (typeof credits === 'string') return credits;
    if (credits < 1 || credits > MAX_CREDIT_GRANT) {
      return `--credits must be from 1 to ${MAX_CREDIT_GRANT} micro-credits, not ${credits}.`;
    }
    return { action, keyId, credits };
  }
  return setLimitsCommand(keyId, values);
}

function createCommand(values: FlagValues): KeysCommand | string {
  if (typeof values.name !== 'string' || values.name.trim() === '') {
    return '--name is required.';
  }
  const credits = wholeNumber(values.credits, '--credits');
  if (typeof credits === 'string') return credits;
  const limits = readLimits(values);
  if (typeof limits === 'string') return limits;
  const parsed = createKeyInputSchema.safeParse({
    name: values.name,
    credits,
    limits,
    role: values.admin === true ? 'admin' : 'user',
  });
  if (!parsed.success) return describeIssue(parsed.error);
  return { action: 'create', input: parsed.data };
}

function setLimitsCommand(
  keyId: string,
  values: FlagValues,
): KeysCommand | string {
  const limits = readLimits(values);
  if (typeof limits === 'string') return limits;
  if (values.clear === true) {
    return limits === undefined
      ? { action: 'set-limits', keyId, limits: undefined }
      : '--clear removes every limit: give it alone, without limit flags.';
  }
  if (limits === undefined) {
    return 'set-limits needs limit flags (they replace all the key has) or --clear.';
  }
  return { action: 'set-limits', keyId, limits };
}

/** A flag's whole, non-negative number; undefined when absent. */
function wholeNumber(
  text: string | boolean | undefined,
  flag: string,
): number | undefined | string {
  if (typeof text !== 'string') return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
    return `${flag} must be a whole, non-negative number, not "${text}".`;
  }
  return value;
}

/** The limits the flags give, undefined for none, or what is wrong with them. */
function readLimits(values: FlagValues): ApiKeyLimits | undefined | string {
  const limits: Record<string, number | string[]> = {};
  for (const [flag, field] of [
    ['per-minute', 'perMinute'],
    ['per-hour', 'perHour'],
    ['per-day', 'perDay'],
  ] as const) {
    const value = wholeNumber(values[flag], `--${flag}`);
    if (typeof value === 'string') return value;
    if (value !== undefined) limits[field] = value;
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
  if (Object.keys(limits).length === 0) return undefined;
  const parsed = apiKeyLimitsSchema.safeParse(limits);
  return parsed.success ? parsed.data : describeIssue(parsed.error, ['limits']);
}

/** The first problem zod found, named by its flag (`--per-minute: …`). */
function describeIssue(error: z.ZodError, prefix: string[] = []): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map(String)];
  const field = path[0] === 'limits' ? path[1] : path[0];
  const flag = (field ?? '').replace(
    /[A-Z]/g,
    (letter) => `-${letter.toLowerCase()}`,
  );
  return `--${flag}: ${issue?.message ?? 'invalid'}.`;
}
