import {
  SwitchyardError,
  clipText,
  createSecretRedactor,
  type ErrorCode,
} from '@switchyard/core';
import type { ReplicateJob } from './replicate-api';

/** Log lines a status carries: the last ones (the gateway keeps a few). */
const MAX_LOG_LINES = 20;
/** Longest log line kept, in characters. */
const MAX_LOG_LINE = 500;
/** Longest failure text quoted in an error. */
const MAX_FAILURE_TEXT = 1_000;

/**
 * The last lines of a job's logs, blank ones dropped. tqdm redraws its bar
 * with carriage returns, so each redraw counts as a line.
 */
export function logLines(logs: string | null | undefined): string[] {
  if (logs == null) return [];
  return logs
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-MAX_LOG_LINES)
    .map((line) => clipText(line, MAX_LOG_LINE));
}

/**
 * The job's progress (0..1) from the last percentage in its logs: Replicate
 * gives no progress field, but models log tqdm bars (`13%|█▎ | 50/400`).
 */
export function progressOf(
  logs: string | null | undefined,
): number | undefined {
  if (logs == null) return undefined;
  const percentages = [...logs.matchAll(/(\d{1,3}(?:\.\d+)?)\s?%/g)];
  const last = percentages.at(-1)?.[1];
  if (last === undefined) return undefined;
  return Math.min(1, Math.max(0, Number(last) / 100));
}

/** The error code a failure text stands for. */
function failureCode(text: string): ErrorCode {
  if (/nsfw|safety|sensitive|flagged/i.test(text)) return 'content_policy';
  // The model ran out of GPU memory: another try (or target) may pass.
  if (/out of memory|outofmemory|cuda error/i.test(text)) {
    return 'server_error';
  }
  return 'unknown';
}

/** The credentials among request headers, whole and word by word. */
function credentials(headers: Record<string, string | undefined>): string[] {
  return Object.entries(headers)
    .filter(([name]) => /authorization|token|key|secret/i.test(name))
    .flatMap(([, value]) =>
      value === undefined ? [] : [value, ...value.split(/\s+/)],
    )
    .filter((secret) => secret.length >= 8);
}

/**
 * The error of a failed job: the model's own text (a model may echo its
 * input, so credentials are redacted and the text is cut), coded by what it
 * says: a safety refusal is `content_policy`, a crashed or out-of-memory
 * worker `server_error`, anything else `unknown`.
 */
export function failedJobError(context: {
  job: ReplicateJob;
  provider: string;
  collection: 'predictions' | 'trainings';
  headers: Record<string, string | undefined>;
}): SwitchyardError {
  const { job, provider } = context;
  const kind = context.collection === 'trainings' ? 'training' : 'prediction';
  const redact = createSecretRedactor(credentials(context.headers));
  const text = clipText(
    redact(job.error ?? `it was ${job.status}, no reason given`),
    MAX_FAILURE_TEXT,
  );
  return new SwitchyardError({
    code: failureCode(text),
    provider,
    message: `The ${provider} ${kind} ${job.id} failed: ${text}`,
  });
}
