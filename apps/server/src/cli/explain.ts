import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RouteExplanation, TargetExplanation } from '@switchyard/core';
import type { Environment } from '../config/substitute-environment';
import type { CommandOutput } from './keys';

const DEFAULT_URL = 'http://127.0.0.1:8787';

export const EXPLAIN_USAGE = `usage:
  switchyard explain [--url URL] [--key KEY] [--json] INPUT
  switchyard explain [--url URL] [--key KEY] [--json] --type TYPE --prompt TEXT [--route NAME]
INPUT is a generate input as JSON, @FILE to read it from a file, or - for standard input.
Asks a running gateway (--url, else SWITCHYARD_URL, else ${DEFAULT_URL}) where the call would
go and why, with the key from --key or SWITCHYARD_API_KEY. Nothing is called, held or counted.`;

/** An `explain` command line, checked. */
interface ExplainCommand {
  url: string;
  key: string | undefined;
  json: boolean;
  input: () => Promise<unknown>;
}

/**
 * `switchyard explain …`: asks a running gateway's `routes.explain` where a
 * `generate` call would go, and prints the ranked targets (or the JSON).
 * Returns the exit code: 0 done, 1 the gateway refused or failed, 2 bad usage.
 */
export async function runExplainCommand(options: {
  argv: string[];
  environment: Environment;
  output: CommandOutput;
  readStdin?: () => Promise<string>;
  fetch?: typeof fetch;
}): Promise<number> {
  const { output } = options;
  const command = parseExplainCommand(options);
  if (typeof command === 'string') {
    output.error(`${command}\n${EXPLAIN_USAGE}`);
    return 2;
  }
  let input: unknown;
  try {
    input = await command.input();
  } catch (error) {
    output.error(
      `The input is not JSON: ${messageOf(error)}\n${EXPLAIN_USAGE}`,
    );
    return 2;
  }
  const answer = await askGateway(command, input, options.fetch ?? fetch);
  if ('error' in answer) {
    output.error(answer.error);
    return 1;
  }
  if (command.json) output.out(JSON.stringify(answer.explanation, null, 2));
  else
    for (const line of formatExplanation(answer.explanation)) output.out(line);
  return 0;
}

/** Calls `routes.explain` over HTTP (a tRPC query: the input in the URL). */
async function askGateway(
  command: ExplainCommand,
  input: unknown,
  fetchImpl: typeof fetch,
): Promise<{ explanation: RouteExplanation } | { error: string }> {
  const url = new URL('/trpc/routes.explain', command.url);
  url.searchParams.set('input', JSON.stringify(input));
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers:
        command.key === undefined
          ? {}
          : { authorization: `Bearer ${command.key}` },
    });
  } catch (error) {
    return {
      error: `Could not reach the gateway at ${command.url}: ${messageOf(error)}. Is it running? Set --url or SWITCHYARD_URL.`,
    };
  }
  const body = (await response.json().catch(() => undefined)) as
    | { result?: { data?: RouteExplanation }; error?: { message?: string } }
    | undefined;
  const explanation = body?.result?.data;
  if (response.ok && explanation !== undefined) return { explanation };
  return {
    error: `The gateway answered ${response.status}: ${body?.error?.message ?? 'no explanation'}`,
  };
}

/** The explanation as a few readable lines: the route, then one line per target. */
export function formatExplanation(explanation: RouteExplanation): string[] {
  const lines = [
    `route ${explanation.route} (${explanation.type}), strategy ${explanation.strategy}` +
      (explanation.hedgeAfterMs === undefined
        ? ''
        : `, hedged after ${explanation.hedgeAfterMs} ms`),
    explanation.first === undefined
      ? 'no target would be tried: every one is skipped'
      : `a call would try ${explanation.first} first`,
  ];
  for (const target of explanation.targets) lines.push(formatTarget(target));
  return lines;
}

function formatTarget(target: TargetExplanation): string {
  const place =
    target.rank === undefined ? '  -' : `${String(target.rank).padStart(3)}`;
  const figures = [
    target.estimatedCostMicroCredits === undefined
      ? 'unpriced'
      : `~${target.estimatedCostMicroCredits} µcr`,
    target.expectedLatencyMs === undefined
      ? `${target.latencySamples} samples`
      : `~${Math.round(target.expectedLatencyMs)} ms`,
    `breaker ${target.breaker}`,
    ...(target.health === undefined ? [] : [`health ${target.health}`]),
  ].join(', ');
  const verdict =
    target.skip === undefined
      ? target.why
      : `skipped (${target.skip.reason}): ${target.skip.message}`;
  return `${place} ${target.target}  ${verdict}  [${figures}]`;
}

/** The command the arguments ask for, or what is wrong with them. */
function parseExplainCommand(options: {
  argv: string[];
  environment: Environment;
  readStdin?: () => Promise<string>;
}): ExplainCommand | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: options.argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        json: { type: 'boolean' },
        type: { type: 'string' },
        prompt: { type: 'string' },
        route: { type: 'string' },
      },
    });
  } catch (error) {
    return messageOf(error);
  }
  const { values, positionals } = parsed;
  const source = positionals[0];
  if (positionals.length > 1) return 'Give one INPUT.';
  if (source === undefined && values.type === undefined) {
    return 'Give an INPUT, or --type and --prompt.';
  }
  const readStdin = options.readStdin ?? readStandardInput;
  const input = async (): Promise<unknown> => {
    if (source === undefined) {
      return { type: values.type, prompt: values.prompt, route: values.route };
    }
    if (source === '-') return JSON.parse(await readStdin());
    if (source.startsWith('@')) {
      return JSON.parse(await readFile(source.slice(1), 'utf8'));
    }
    return JSON.parse(source);
  };
  return {
    url: values.url ?? options.environment.SWITCHYARD_URL ?? DEFAULT_URL,
    key: values.key ?? options.environment.SWITCHYARD_API_KEY,
    json: values.json === true,
    input,
  };
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
