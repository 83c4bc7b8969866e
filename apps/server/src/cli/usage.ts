/**
 * What `switchyard COMMAND --help` prints, and the options each command
 * takes: kept apart from the commands' code so that help, `--version` and
 * typos answer without loading the server.
 */

/** The options `start` takes (each also an environment variable). */
export const START_OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

export const START_USAGE = `usage: switchyard [start] [--config FILE] [--port N] [--host HOST]
Starts the gateway (the default command) and serves until SIGTERM or SIGINT,
then shuts down gracefully.
  --config FILE  the config file (else SWITCHYARD_CONFIG; without either, the
                 embedded defaults: keyed built-in providers, then local)
  --port N       the port (else PORT, else 8787; 0 picks a free one)
  --host HOST    the interface (else HOST, else 127.0.0.1)
Logs are JSON lines, or readable with LOG_FORMAT=pretty (the default on a terminal).`;

/** Where `switchyard init` writes when no FILE is given. */
export const DEFAULT_INIT_FILE = 'switchyard.yaml';

export const INIT_USAGE = `usage: switchyard init [FILE] [--force]
Writes a commented starter config (YAML) to FILE (default ${DEFAULT_INIT_FILE}): the
built-in providers whose key variable is set (OPENAI_API_KEY, FAL_KEY, HF_TOKEN, …;
see switchyard --help), each key referenced as \${VARIABLE} (its value is never
written), then the offline local provider, and a route per type through them.
  --force  overwrite FILE if it exists (else init refuses)`;

export const CONFIG_USAGE = `usage: switchyard config check [FILE]
Checks a config file (JSON or YAML; default: SWITCHYARD_CONFIG) the way start-up
does: its fields, \${VARIABLE} references, each provider's settings and that every
route target is a model of the route's type. Prints the providers and routes it
resolves to and exits 0, or prints the file and one line per bad field and exits 1.
Nothing is called and no store is opened.`;
