import { randomBytes } from 'node:crypto';
import {
  createFakeUpstream,
  type FakeCall,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import type { GenerationRecord } from '@switchyard/core';
import { TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectStream,
  configFromYaml,
  createCapturingLogger,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from './__tests__/test-server';

/**
 * Fault injection over the whole gateway: random mixes of valid, empty,
 * malformed, oversized, cut and key-echoing upstream answers, across routes
 * with fallback, called with keys that hold credits, through every entry
 * point (generate, generateBatch, generateStream). After each run:
 * - no call answered HTTP 500;
 * - no provider key (nor a 10-character piece of one) in any result, error,
 *   stream event, stored record or log line;
 * - the balance never went negative and equals the start minus the sum of
 *   the recorded charges, with nothing left held;
 * - no record is `succeeded` without a valid result.
 */

/** A valid 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const KEYS = {
  a: `sk-propA${randomBytes(24).toString('hex')}`,
  b: `sk-propB${randomBytes(24).toString('hex')}`,
};
const RUNS = Number(process.env.SWITCHYARD_FAULT_RUNS ?? 150);

type FaultKind =
  | 'valid'
  | 'empty'
  | 'malformed'
  | 'oversized'
  | 'cut'
  | 'echo'
  | 'midstream-error'
  | 'rate-limited';

interface Fault {
  kind: FaultKind;
  /** Where an echoed key sits in a long error body. */
  offset: number;
  /** How an echoed key is written. */
  encoding: 'plain' | 'json' | 'url' | 'bearer';
}

type Operation =
  | { type: 'text' }
  | { type: 'image'; n: number }
  | { type: 'stream' }
  | { type: 'batch' };

const faultArbitrary: fc.Arbitrary<Fault> = fc.record({
  kind: fc.constantFrom<FaultKind>(
    'valid',
    'valid',
    'empty',
    'malformed',
    'oversized',
    'cut',
    'echo',
    'midstream-error',
    'rate-limited',
  ),
  offset: fc.integer({ min: 0, max: 2_600 }),
  encoding: fc.constantFrom('plain', 'json', 'url', 'bearer'),
});

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.constant<Operation>({ type: 'text' }),
  fc.integer({ min: 1, max: 2 }).map((n): Operation => ({ type: 'image', n })),
  fc.constant<Operation>({ type: 'stream' }),
  fc.constant<Operation>({ type: 'batch' }),
);

/** The key of the instance a request was sent to, as the upstream saw it. */
function keyOf(call: FakeCall): string {
  return call.url.startsWith('/b/') ? KEYS.b : KEYS.a;
}

function echoed(fault: Fault, key: string): string {
  const written =
    fault.encoding === 'json'
      ? JSON.stringify(key).slice(1, -1).replaceAll('-', '\\u002d')
      : fault.encoding === 'url'
        ? encodeURIComponent(`${key}/`)
        : fault.encoding === 'bearer'
          ? `Authorization: Bearer ${key}`
          : key;
  const filler = 'x'.repeat(3_000);
  return `${filler.slice(0, fault.offset)}${written}${filler.slice(fault.offset)}`;
}

function chatAnswer(fault: Fault, call: FakeCall): FakeResponse {
  const streaming =
    (call.bodyJson as { stream?: boolean } | undefined)?.stream === true;
  const usage = {
    prompt_tokens: fault.kind === 'oversized' ? 100_000_000 : 5,
    completion_tokens: fault.kind === 'oversized' ? 50_000_000 : 2,
  };
  if (fault.kind === 'echo') {
    return {
      type: 'error',
      status: 500,
      body: { error: { message: echoed(fault, keyOf(call)) } },
    };
  }
  if (fault.kind === 'rate-limited') {
    return {
      type: 'error',
      status: 429,
      headers: { 'retry-after-ms': '1' },
      body: { error: { message: 'Rate limit reached.' } },
    };
  }
  if (fault.kind === 'cut' && !streaming) return { type: 'reset' };
  if (fault.kind === 'malformed') {
    return streaming
      ? { type: 'sse', chunks: ['data: {"choices": [{"delta": \n\n'] }
      : {
          type: 'binary',
          headers: { 'content-type': 'application/json' },
          body: '{"choices": [',
        };
  }
  if (!streaming) {
    return {
      type: 'json',
      body:
        fault.kind === 'empty' || fault.kind === 'midstream-error'
          ? { id: 'c', choices: [], usage }
          : {
              id: 'c',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'Hello there.' },
                  finish_reason: 'stop',
                },
              ],
              usage,
            },
    };
  }
  const delta = (content: string) =>
    `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  const finish = `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;
  const usageChunk = `data: ${JSON.stringify({ id: 'c', choices: [], usage })}\n\n`;
  const done = 'data: [DONE]\n\n';
  if (fault.kind === 'empty') return { type: 'sse', chunks: [done] };
  if (fault.kind === 'cut') {
    return {
      type: 'sse',
      chunks: [delta('Hello'), delta(' there')],
      cutAfter: 2,
    };
  }
  if (fault.kind === 'midstream-error') {
    return {
      type: 'sse',
      chunks: [
        delta('Hello'),
        `data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error' } })}\n\n`,
      ],
    };
  }
  return {
    type: 'sse',
    chunks: [delta('Hello'), delta(' there.'), finish, usageChunk, done],
  };
}

function imageAnswer(fault: Fault, call: FakeCall): FakeResponse {
  const asked = (call.bodyJson as { n?: number } | undefined)?.n ?? 1;
  switch (fault.kind) {
    case 'echo':
      return {
        type: 'error',
        status: 500,
        body: { error: { message: echoed(fault, keyOf(call)) } },
      };
    case 'rate-limited':
      return {
        type: 'error',
        status: 429,
        headers: { 'retry-after-ms': '1' },
        body: { error: { message: 'Rate limit reached.' } },
      };
    case 'cut':
      return { type: 'reset' };
    case 'malformed':
      return {
        type: 'binary',
        headers: { 'content-type': 'application/json' },
        body: '{"data": [',
      };
    case 'empty':
      return { type: 'json', body: { created: 1, data: [{}] } };
    case 'midstream-error':
      // Not a PNG: bytes that only claim to be an image.
      return {
        type: 'json',
        body: { created: 1, data: [{ b64_json: 'bm90IGFuIGltYWdl' }] },
      };
    case 'oversized':
      return {
        type: 'json',
        body: {
          created: 1,
          data: Array.from({ length: 20 }, () => ({ b64_json: PNG })),
        },
      };
    case 'valid':
      return {
        type: 'json',
        body: {
          created: 1,
          data: Array.from({ length: asked }, () => ({ b64_json: PNG })),
        },
      };
  }
}

/** Every 10-character piece of the random part of each provider key. */
const KEY_PIECES = Object.values(KEYS).flatMap((key) =>
  Array.from({ length: key.length - 10 }, (_, start) =>
    key.slice(start, start + 10),
  ).filter((piece) => !piece.startsWith('sk-prop')),
);

function leakedPiece(text: string): string | undefined {
  return KEY_PIECES.find((piece) => text.includes(piece));
}

function isValidResult(record: GenerationRecord): boolean {
  const result = record.result as
    | {
        type?: string;
        images?: Array<{ base64?: string; url?: string }>;
        text?: unknown;
        finishReason?: unknown;
      }
    | undefined;
  if (result === undefined) return false;
  if (result.type === 'image') {
    return (
      Array.isArray(result.images) &&
      result.images.length > 0 &&
      result.images.every(
        (image) =>
          (typeof image.base64 === 'string' &&
            Buffer.from(image.base64, 'base64')
              .subarray(1, 4)
              .toString('latin1') === 'PNG') ||
          (typeof image.url === 'string' && /^https?:\/\//.test(image.url)),
      )
    );
  }
  return (
    result.type === 'text' &&
    typeof result.text === 'string' &&
    typeof result.finishReason === 'string'
  );
}

describe('fault injection over the whole gateway (property)', () => {
  let upstream: FakeUpstream;
  let harness: TestServer;
  const { logger, lines } = createCapturingLogger('debug');
  /** The faults of the current run, taken in turn by each upstream call. */
  let faults: Fault[] = [];
  let nextFault = 0;
  const takeFault = (): Fault => {
    const fault = faults[nextFault % faults.length];
    nextFault += 1;
    return fault ?? { kind: 'valid', offset: 0, encoding: 'plain' };
  };

  beforeAll(async () => {
    const answer =
      (respond: (fault: Fault, call: FakeCall) => FakeResponse) =>
      ({ request }: { request: FakeCall }) =>
        respond(takeFault(), request);
    upstream = await createFakeUpstream({
      'POST /a/v1/chat/completions': { response: answer(chatAnswer) },
      'POST /b/v1/chat/completions': { response: answer(chatAnswer) },
      'POST /a/v1/images/generations': { response: answer(imageAnswer) },
      'POST /b/v1/images/generations': { response: answer(imageAnswer) },
    });
    harness = await startTestServer({
      logger,
      config: configFromYaml(`
auth: { required: true }
providers:
  a: { use: openai, apiKey: ${KEYS.a}, baseURL: "${upstream.url}/a/v1" }
  b: { use: openai, apiKey: ${KEYS.b}, baseURL: "${upstream.url}/b/v1" }
routes:
  text:
    targets: ["a:gpt-4o-mini", "b:gpt-4o-mini"]
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }
    breaker: { failureThreshold: 1000 }
    chunkTimeoutMs: 5000
  image:
    targets: ["a:gpt-image-1", "b:gpt-image-1"]
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }
    breaker: { failureThreshold: 1000 }
`),
    });
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  /** Runs one operation; returns everything the caller saw, as text. */
  async function run(operation: Operation, key: string): Promise<string> {
    const client = subscriptionClient(harness.server.url, key);
    const messages = [{ role: 'user' as const, content: 'Say hello.' }];
    try {
      switch (operation.type) {
        case 'text':
          return JSON.stringify(
            await client.generate.mutate({
              type: 'text',
              messages,
              maxTokens: 64,
            }),
          );
        case 'image':
          return JSON.stringify(
            await client.generate.mutate({
              type: 'image',
              prompt: 'a fox',
              n: operation.n,
            }),
          );
        case 'batch':
          return JSON.stringify(
            await client.generateBatch.mutate({
              items: [
                { type: 'text', messages, maxTokens: 64 },
                { type: 'image', prompt: 'a fox' },
              ],
              concurrency: 1,
            }),
          );
        case 'stream':
          return JSON.stringify(
            await collectStream(
              harness.server.url,
              { type: 'text', messages, maxTokens: 64 },
              key,
            ),
          );
      }
    } catch (error) {
      if (!(error instanceof TRPCClientError)) throw error;
      const data = (error as TRPCClientError<never>).data as
        { httpStatus?: number; code?: string } | undefined;
      expect(
        data?.httpStatus,
        `HTTP 500 for ${operation.type}: ${error.message}`,
      ).not.toBe(500);
      return JSON.stringify({ message: error.message, data });
    }
  }

  it('should keep every invariant over random upstream faults', async () => {
    let cases = 0;
    let served = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(faultArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(operationArbitrary, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 200_000 }),
        async (runFaults, operations, credits) => {
          faults = runFaults;
          nextFault = 0;
          cases += 1;
          const logStart = lines.length;
          const { key, record } = await harness.store.apiKeys.create({
            name: 'fault-injection',
            credits,
          });
          const seen: string[] = [];
          for (const operation of operations) {
            seen.push(await run(operation, key));
            const balance = await harness.store.ledger.balance(record.id);
            expect(balance.balance).toBeGreaterThanOrEqual(0);
          }
          const records = await harness.store.generations.list({
            keyId: record.id,
            limit: 1_000,
          });
          for (const stored of records) seen.push(JSON.stringify(stored));
          seen.push(...lines.slice(logStart));
          for (const text of seen) {
            expect(leakedPiece(text), text.slice(0, 400)).toBeUndefined();
          }
          const charged = records.reduce(
            (sum, stored) => sum + stored.costMicroCredits,
            0,
          );
          expect(await harness.store.ledger.balance(record.id)).toEqual({
            keyId: record.id,
            balance: credits - charged,
            reserved: 0,
            available: credits - charged,
          });
          for (const stored of records) {
            expect(stored.status).not.toBe('in_flight');
            if (stored.status !== 'succeeded') continue;
            served += 1;
            expect(isValidResult(stored), JSON.stringify(stored)).toBe(true);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(cases).toBe(RUNS);
    // The mix must reach successes too, or the invariants prove little.
    expect(served).toBeGreaterThan(0);
    console.info(
      `fault injection: ${cases} cases, ${upstream.calls.length} upstream calls, ${served} recorded successes; invariants held`,
    );
  }, 240_000);
});
