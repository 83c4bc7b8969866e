import { createHash } from 'node:crypto';
import {
  generateResultSchema,
  SwitchyardError,
  type GenerateResult,
  type GenerationRecord,
  type GenerationStore,
} from '@switchyard/core';
import { stringify } from 'safe-stable-stringify';

const POLL_INTERVAL_MS = 50;
/** While it seems to hold, a claim is still checked every this many polls (1 s). */
const TAKE_OVER_EVERY_POLLS = 20;

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

/** What claiming an idempotency key gave: the call to run, or the answer it already has. */
export type KeyClaim =
  { run: true; id: string } | { run: false; result: GenerateResult };

/**
 * Claims a call's idempotency key for `owner` until the route's deadline
 * and a margin (`ttlMs`) have passed. A new key: this call runs as `id`. A
 * key already used: its record's answer is replayed ({@link replay}); and
 * when the process running it stopped (the claim lapsed, before or while
 * this one waits), this call takes it over and runs it under its record's
 * id, exactly once across concurrent retries.
 */
export async function claimKey(options: {
  generations: GenerationStore;
  record: {
    id: string;
    keyId: string;
    subject?: string;
    idempotencyKey: string;
    requestHash: string;
    route: string;
  };
  owner: string;
  ttlMs: number;
  signal?: AbortSignal;
  /** The clock a wait for an in-flight call is timed by. */
  now: () => number;
  /** Called when the call is in flight elsewhere and this one starts waiting for it. */
  onWait?: (existing: GenerationRecord) => void;
}): Promise<KeyClaim> {
  const { generations, record, owner, ttlMs } = options;
  const begun = await generations.begin({ ...record, owner, ttlMs });
  if (begun.created) return { run: true, id: record.id };
  return replay({
    existing: begun.existing,
    requestHash: record.requestHash,
    generations,
    takeOver: () =>
      generations.takeOver({ id: begun.existing.id, owner, ttlMs }),
    // Longer than any live claim, so a lapsed one is always seen lapse.
    waitMs: ttlMs + POLL_INTERVAL_MS,
    signal: options.signal,
    now: options.now,
    onWait: options.onWait,
  });
}

/**
 * What a repeat of an idempotent call gets: the stored result of a completed
 * call (no provider call, no charge); for a call still in flight, its result
 * once it finishes, or the call itself to run when its claim has lapsed; a
 * refusal when the key was used for another request.
 */
async function replay(options: {
  existing: GenerationRecord;
  requestHash: string;
  generations: GenerationStore;
  /** Takes the call over once its claim has lapsed; undefined while it holds. */
  takeOver: () => Promise<GenerationRecord | undefined>;
  /** Give up waiting for an in-flight call after this long. */
  waitMs: number;
  signal?: AbortSignal;
  now: () => number;
  onWait?: (existing: GenerationRecord) => void;
}): Promise<KeyClaim> {
  const { existing, generations, now } = options;
  if (existing.requestHash !== options.requestHash) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `The idempotencyKey "${existing.idempotencyKey ?? ''}" was already used for a different request; use a new key for a new request.`,
    });
  }
  let giveUpAt = now() + options.waitMs;
  let record: GenerationRecord | undefined = existing;
  let runner = existing.owner;
  for (let polls = 0; record?.status === 'in_flight'; polls += 1) {
    // Another retry took the call over: it has a claim's time to run.
    if (record.owner !== runner) {
      giveUpAt = now() + options.waitMs;
      runner = record.owner;
    }
    // The store's clock decides whether the claim lapsed; ask it when this
    // one's clock says so, and now and then in case the two differ.
    const mayHaveLapsed =
      record.expiresAt !== undefined &&
      (polls % TAKE_OVER_EVERY_POLLS === 0 ||
        now() >= record.expiresAt ||
        now() >= giveUpAt);
    if (mayHaveLapsed && (await options.takeOver()) !== undefined) {
      return { run: true, id: existing.id };
    }
    if (polls === 0) options.onWait?.(record);
    if (options.signal?.aborted || now() >= giveUpAt) {
      throw new SwitchyardError({
        code: options.signal?.aborted ? 'cancelled' : 'timeout',
        message: `The first call with idempotencyKey "${existing.idempotencyKey ?? ''}" is still running; try again later.`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    record = await generations.get(existing.id);
  }
  if (record?.status === 'succeeded' && record.result !== undefined) {
    // A result stored before results were checked may not be one.
    const stored = generateResultSchema.safeParse(record.result);
    if (!stored.success) {
      throw new SwitchyardError({
        code: 'invalid_response',
        message: `The first call with idempotencyKey "${existing.idempotencyKey ?? ''}" stored a result that is not valid (recorded before results were checked); send the request again with a new key.`,
      });
    }
    return { run: false, result: stored.data };
  }
  throw new SwitchyardError({
    code: 'server_error',
    message: `The first call with idempotencyKey "${existing.idempotencyKey ?? ''}" failed (${record?.errorCode ?? 'unknown'}); nothing was charged. Retry with the same key.`,
  });
}
