import type { Command } from './command';
import { EXPLAIN_USAGE } from './explain';
import { CONFIG_USAGE, INIT_USAGE, START_USAGE } from './usage';

/** `switchyard start`, what `switchyard` with no command (or only options) runs. */
export const START_COMMAND: Command = {
  name: 'start',
  summary: 'start the gateway (the default when no command is given)',
  usage: START_USAGE,
  load: async () => (await import('./start')).runStart,
};

/** Every `switchyard` command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  START_COMMAND,
  {
    name: 'init',
    summary: 'write a commented starter config (switchyard.yaml)',
    usage: INIT_USAGE,
    load: async () => (await import('./init')).runInit,
  },
  {
    name: 'config',
    summary:
      'config check FILE: validate a config and show its providers and routes',
    usage: CONFIG_USAGE,
    load: async () => (await import('./config-check')).runConfig,
  },
  {
    // `keys` answers its own --help (each of its actions has one).
    name: 'keys',
    summary: 'manage API keys and their credits in the configured store',
    load: async () => {
      const { runKeysCommand } = await import('./keys');
      return (context) =>
        runKeysCommand({
          argv: context.argv,
          environment: context.environment,
          cwd: context.cwd,
          output: context.output,
        });
    },
  },
  {
    name: 'explain',
    summary: 'ask a running gateway where a generate call would go, and why',
    usage: EXPLAIN_USAGE,
    load: async () => {
      const { runExplainCommand } = await import('./explain');
      return (context) =>
        runExplainCommand({
          argv: context.argv,
          environment: context.environment,
          output: context.output,
        });
    },
  },
];
