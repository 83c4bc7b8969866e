import type { Job } from './router-types';

/** What a Switchyard webhook POSTs: a job's final state. */
export interface SwitchyardWebhookEvent {
  type: 'job.succeeded' | 'job.failed' | 'job.cancelled';
  job: Job;
}

/** The headers of a webhook request: a plain object (Node, Express) or a `Headers`-like `get`. */
export type WebhookHeaders =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

/** Why a webhook request was not accepted as Switchyard's. */
export class SwitchyardWebhookError extends Error {
  override readonly name = 'SwitchyardWebhookError';
}

const SIGNATURE_HEADER = 'x-switchyard-signature';
const TIMESTAMP_HEADER = 'x-switchyard-timestamp';

/**
 * Checks that a webhook request came from the gateway holding `secret`:
 * the `x-switchyard-signature` header must be `v1=` and the hex HMAC-SHA256
 * of `"<x-switchyard-timestamp>.<raw body>"`, and the timestamp within
 * `toleranceMs` of now (default 5 minutes, against replays). Resolves with
 * the parsed event; rejects with a {@link SwitchyardWebhookError} otherwise.
 * Uses Web Crypto, so it runs in Node 20+, Deno, Bun and edge runtimes.
 *
 * @example
 * ```ts
 * import { verifySwitchyardWebhook } from '@switchyard/sdk/server';
 *
 * app.post('/hooks/switchyard', express.text({ type: '*\/*' }), async (req, res) => {
 *   const event = await verifySwitchyardWebhook({
 *     secret: process.env.SWITCHYARD_WEBHOOK_SECRET!,
 *     body: req.body, // the raw text, not re-serialised JSON
 *     headers: req.headers,
 *   });
 *   if (event.type === 'job.succeeded') console.log(event.job.result);
 *   res.sendStatus(204);
 * });
 * ```
 */
export async function verifySwitchyardWebhook(options: {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string;
  headers: WebhookHeaders;
  /** Largest accepted age of the signature. Default 300000 ms. */
  toleranceMs?: number;
  /** Clock, epoch milliseconds. Default `Date.now()`. */
  now?: number;
}): Promise<SwitchyardWebhookEvent> {
  const signature = headerOf(options.headers, SIGNATURE_HEADER);
  const timestamp = Number(headerOf(options.headers, TIMESTAMP_HEADER));
  if (
    signature?.startsWith('v1=') !== true ||
    !Number.isSafeInteger(timestamp)
  ) {
    throw new SwitchyardWebhookError(
      `The request has no valid ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers.`,
    );
  }
  const now = options.now ?? Date.now();
  const toleranceMs = options.toleranceMs ?? 300_000;
  if (Math.abs(now - timestamp) > toleranceMs) {
    throw new SwitchyardWebhookError(
      `The signature is ${Math.round(Math.abs(now - timestamp) / 1000)} s old, past the ${toleranceMs / 1000} s tolerance (a replay, or a clock that is off).`,
    );
  }
  const expected = hexToBytes(signature.slice(3));
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(options.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const valid =
    expected !== undefined &&
    (await crypto.subtle.verify(
      'HMAC',
      key,
      expected,
      encoder.encode(`${timestamp}.${options.body}`),
    ));
  if (!valid) {
    throw new SwitchyardWebhookError(
      'The signature does not match the body: the secret differs, or the body was changed (verify the raw body, not re-serialised JSON).',
    );
  }
  return JSON.parse(options.body) as SwitchyardWebhookEvent;
}

function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (
      (headers as { get(name: string): string | null }).get(name) ?? undefined
    );
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const value =
    record[name] ??
    Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
