import { createHash } from 'node:crypto';
import {
  SwitchyardError,
  type GenerateResult,
  type GenerationRecord,
  type GenerationStore,
} from '@switchyard/core';
import { stringify } from 'safe-stable-stringify';

const POLL_INTERVAL_MS = 50;

/**
 * The hash two calls must share to count as the same request under one
 * idempotency key: the canonical JSON (sorted keys) of the input without
 * the idempotency key itself.
 */
export function hashRequest(input: {
  idempotencyKey?: string;
  [field: string]: unknown;
}): string {
  const { idempotencyKey: _ignored, ...request } = input;
  return createHash('sha256')
    .update(stringify(request) ?? '')
    .digest('hex');
}

/**
 * What a repeat of an idempotent call gets: the stored result of a completed
 * call (no provider call, no charge); for a call still in flight, its result
 * once it finishes; a refusal when the key was used for another request.
 */
export async function replay(options: {
  existing: GenerationRecord;
  requestHash: string;
  generations: GenerationStore;
  /** Give up waiting for an in-flight call after this long. */
  waitMs: number;
  signal?: AbortSignal;
}): Promise<GenerateResult> {
  const { existing, generations } = options;
  if (existing.requestHash !== options.requestHash) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `The idempotencyKey "${existing.idempotencyKey ?? ''}" was already used for a different request; use a new key for a new request.`,
    });
  }
  const giveUpAt = Date.now() + options.waitMs;
  let record: GenerationRecord | undefined = existing;
  while (record?.status === 'in_flight') {
    if (options.signal?.aborted || Date.now() >= giveUpAt) {
      throw new SwitchyardError({
        code: options.signal?.aborted ? 'cancelled' : 'timeout',
        message: `The first call with idempotencyKey "${existing.idempotencyKey ?? ''}" is still running; try again later.`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    record = await generations.get(existing.id);
  }
  if (record?.status === 'succeeded' && record.result !== undefined) {
    return record.result as GenerateResult;
  }
  throw new SwitchyardError({
    code: 'server_error',
    message: `The first call with idempotencyKey "${existing.idempotencyKey ?? ''}" failed (${record?.errorCode ?? 'unknown'}); nothing was charged. Retry with the same key.`,
  });
}
