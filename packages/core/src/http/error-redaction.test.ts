import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ENCODINGS,
  encodingArbitrary,
  filler,
  keyArbitrary,
  keyPartsIn,
  offsetArbitrary,
  type EncodingName,
} from '../__tests__/secret-leaks';
import { SwitchyardError } from '../errors/switchyard-error';
import type { FetchFunction } from './http-types';
import { postForBinary, postJson } from './json-requests';
import { postForSse } from './sse';

/** How the provider sends its key. */
const AUTH_HEADERS = {
  bearer: (key: string) => ({ authorization: `Bearer ${key}` }),
  falKey: (key: string) => ({ authorization: `Key ${key}` }),
  anthropic: (key: string) => ({ 'x-api-key': key }),
  gemini: (key: string) => ({ 'x-goog-api-key': key }),
};

/** Which helper meets the echo, and in what kind of answer. */
const ANSWERS = [
  'error-json',
  'error-text',
  'success-not-json',
  'sse-got-json',
  'binary-got-json',
] as const;
type Answer = (typeof ANSWERS)[number];

interface Case {
  key: string;
  encoding: EncodingName;
  offset: number;
  auth: keyof typeof AUTH_HEADERS;
  answer: Answer;
  /** Extra filler after the echo (a long body). */
  tail: number;
}

/** A fetch that answers every call with `body` (no network). */
function answering(status: number, body: string, type: string): FetchFunction {
  return () =>
    Promise.resolve(
      new Response(body, {
        status,
        headers: { 'content-type': type, 'www-authenticate': 'Bearer' },
      }),
    );
}

function bodyFor(testCase: Case): string {
  const echoed = `${filler(testCase.offset)}${ENCODINGS[testCase.encoding](testCase.key)}${filler(testCase.tail)}`;
  if (
    testCase.answer === 'error-text' ||
    testCase.answer === 'success-not-json'
  ) {
    return echoed;
  }
  // The echo as the raw content of a JSON string (escapes are the upstream's).
  return `{"error":{"message":"${echoed.replace(/"/g, '\\"')}"}}`;
}

async function errorFor(testCase: Case): Promise<SwitchyardError> {
  const body = bodyFor(testCase);
  const common = {
    url: 'http://127.0.0.1:9/call',
    provider: 'acme',
    headers: AUTH_HEADERS[testCase.auth](testCase.key),
    body: { prompt: 'hi' },
  };
  const call = (): Promise<unknown> => {
    switch (testCase.answer) {
      case 'error-json':
        return postJson({
          ...common,
          parse: z.object({}),
          fetch: answering(401, body, 'application/json'),
        });
      case 'error-text':
        return postJson({
          ...common,
          parse: z.object({}),
          fetch: answering(500, body, 'text/plain'),
        });
      case 'success-not-json':
        return postJson({
          ...common,
          parse: z.object({}),
          fetch: answering(200, body, 'application/json'),
        });
      case 'sse-got-json':
        return postForSse({
          ...common,
          fetch: answering(200, body, 'application/json'),
        });
      case 'binary-got-json':
        return postForBinary({
          ...common,
          fetch: answering(200, body, 'application/json'),
        });
    }
  };
  try {
    await call();
  } catch (error) {
    if (SwitchyardError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Every sink of an error: message, body, JSON form, string and inspect output. */
function sinksOf(error: SwitchyardError): string[] {
  return [
    error.message,
    error.responseBody ?? '',
    JSON.stringify(error.toJSON()),
    String(error),
    inspect(error, { depth: 8 }),
  ];
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  key: keyArbitrary,
  encoding: encodingArbitrary,
  offset: offsetArbitrary,
  auth: fc.constantFrom(
    ...(Object.keys(AUTH_HEADERS) as Array<keyof typeof AUTH_HEADERS>),
  ),
  answer: fc.constantFrom(...ANSWERS),
  tail: fc.constantFrom(0, 100, 3_000),
});

describe('errors built from an upstream answer that echoes the key', () => {
  it('should hold no 8-character part of the key, in any encoding at any offset', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (testCase) => {
        const error = await errorFor(testCase);
        for (const sink of sinksOf(error)) {
          expect(keyPartsIn(sink, testCase.key)).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
    // 400 cases of CPU work: the bound guards a hang, not a race.
  }, 60_000);

  it.each([470, 488, 2_010, 2_030])(
    'should redact a key that straddles a cut (offset %i)',
    async (offset) => {
      const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx';
      for (const answer of ANSWERS) {
        const error = await errorFor({
          key,
          encoding: 'raw',
          offset,
          auth: 'bearer',
          answer,
          tail: 3_000,
        });
        expect(error.message.length).toBeLessThan(700);
        for (const sink of sinksOf(error)) {
          expect(keyPartsIn(sink, key)).toEqual([]);
        }
      }
    },
  );

  it('should redact the start of a key cut off by the 64 KiB read limit', async () => {
    const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx';
    const body = `${'x'.repeat(64 * 1024 - 12)}${key}${filler(100)}`;
    let seen: string | undefined;
    await postJson({
      url: 'http://127.0.0.1:9/call',
      provider: 'acme',
      headers: { authorization: `Bearer ${key}` },
      body: {},
      parse: z.object({}),
      fetch: answering(400, body, 'text/plain'),
      mapError: ({ text }) => {
        seen = text;
        return { message: text.slice(-40) };
      },
    }).catch((error: unknown) => {
      expect(SwitchyardError.isInstance(error)).toBe(true);
      expect(keyPartsIn((error as Error).message, key)).toEqual([]);
    });
    expect(seen).toBeDefined();
    expect(seen?.endsWith('[redacted]')).toBe(true);
    expect(seen).not.toContain(key.slice(0, 8));
  });
});
