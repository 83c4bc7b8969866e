import { loadConfig } from '../config/load-config';
import type { Environment } from '../config/substitute-environment';
import { DEFAULT_STORE_URL, openConfiguredStore } from '../open-store';
import { runKeysAction, type CommandOutput } from './keys-actions';
import { parseKeysArgs, type KeysCommand } from './keys-args';

export type { CommandOutput } from './keys-actions';

const LIMIT_FLAGS =
  '[--per-minute N] [--per-hour N] [--per-day N] [--routes a,b] [--providers x,y]';

/** Each action's usage lines. */
const ACTION_USAGE: Record<KeysCommand['action'], string> = {
  create: `  switchyard keys create --name NAME [--credits MICRO_CREDITS] [--admin]
      ${LIMIT_FLAGS}
    A new key, printed once. --admin keys may also manage keys (admin.keys.*).`,
  list: `  switchyard keys list [--json]
    Every key: id, name, prefix, role, state, limits, balance/reserved/available.`,
  revoke: `  switchyard keys revoke KEY_ID
    The key (and every token it minted) stops working.`,
  'top-up': `  switchyard keys top-up KEY_ID --credits MICRO_CREDITS
    Adds credits to a live key.`,
  'set-limits': `  switchyard keys set-limits KEY_ID ${LIMIT_FLAGS} | --clear
    Replaces all the key's limits with these (--clear: none); its next call obeys them.`,
};

const FOOTER = `The store is the one SWITCHYARD_CONFIG names (store.url and store.schema), else ${DEFAULT_STORE_URL}.
Credits are micro-credits (1 credit = 1000000).`;

/** The usage of one action, or of them all. */
function usage(action?: KeysCommand['action']): string {
  const lines =
    action === undefined ? Object.values(ACTION_USAGE) : [ACTION_USAGE[action]];
  return `usage:\n${lines.join('\n')}\n${FOOTER}`;
}

/**
 * `switchyard keys …`: creates (the key is printed once, `--admin` for an
 * admin key), lists (with limits and credits; `--json`), revokes, tops up
 * and limits API keys in the configured store. `--help` prints the usage.
 * Returns the exit code: 0 done, 1 failed, 2 bad usage.
 */
export async function runKeysCommand(options: {
  argv: string[];
  environment: Environment;
  cwd?: string;
  output: CommandOutput;
}): Promise<number> {
  const { output } = options;
  const parsed = parseKeysArgs(options.argv);
  if (parsed.kind === 'help') {
    output.out(usage(parsed.action));
    return 0;
  }
  if (parsed.kind === 'error') {
    output.error(`${parsed.message}\n${usage(parsed.action)}`);
    return 2;
  }
  const config = await loadConfig({
    environment: options.environment,
    cwd: options.cwd,
  });
  const store = await openConfiguredStore({ config });
  try {
    return await runKeysAction({ store, command: parsed.command, output });
  } finally {
    await store.close();
  }
}
