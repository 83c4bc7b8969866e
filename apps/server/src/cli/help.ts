import type { Command } from './command';

/** The top-level help: every command on one line, then the environment. */
export function topLevelHelp(options: {
  commands: readonly Command[];
  version: string;
}): string {
  const rows = [
    ...options.commands.map((command) => [command.name, command.summary]),
    ['help', "this help, or a command's: switchyard help COMMAND"],
  ];
  const width = Math.max(...rows.map(([name]) => (name ?? '').length));
  const commands = rows.map(
    ([name, summary]) => `  ${(name ?? '').padEnd(width)}  ${summary ?? ''}`,
  );
  return `switchyard ${options.version}: the Switchyard AI generation gateway

usage: switchyard [COMMAND] [OPTIONS]

commands:
${commands.join('\n')}

"switchyard COMMAND --help" shows a command's usage; "switchyard --version" the version.
Exit codes: 0 done, 1 failed, 2 wrong usage (nothing was done).

environment:
  SWITCHYARD_CONFIG   the config file (JSON or YAML); without it, every built-in
                      provider whose key is set, then the offline local provider
  PORT, HOST          where start listens (default 8787 on 127.0.0.1)
  LOG_LEVEL           fatal, error, warn, info (default), debug, trace or silent
  LOG_FORMAT          json (the default unless stdout is a terminal) or pretty
  SWITCHYARD_SHUTDOWN_GRACE_MS, SWITCHYARD_SWEEP_INTERVAL_MS, SWITCHYARD_JOB_LEASE_MS
                      shutdown grace (10000), hold sweeps (30000), job leases (15000)
  SWITCHYARD_HEAP_GROWING_PERCENT
                      how far the heap grows past its live data before a full
                      collection (100; 0 = V8's own, up to 4×: more memory)
  SWITCHYARD_URL, SWITCHYARD_API_KEY
                      the gateway and key explain talks to
  OTEL_*              OpenTelemetry traces (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, …)
  provider keys       OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY,
                      DEEPSEEK_API_KEY, HF_TOKEN, PUTER_AUTH_TOKEN, FAL_KEY,
                      REPLICATE_API_TOKEN, LEONARDO_API_KEY, ELEVENLABS_API_KEY;
                      NAME_BASE_URL (OPENAI_BASE_URL, …) points a provider elsewhere`;
}
