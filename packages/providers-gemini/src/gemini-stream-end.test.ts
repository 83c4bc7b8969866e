import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  readTextStream,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGemini } from './index';

const STREAM = 'POST /models/gemini-2.5-flash:streamGenerateContent';
/** A transcript of this package's `__fixtures__` (recorded ones, cut). */
const cutFixture = (name: string) =>
  fixtureResponse(
    fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url)),
  );

describe('Gemini streams that do not finish', () => {
  let upstream: FakeUpstream;
  const stream = async () => {
    const model = createGemini({
      baseURL: upstream.url,
      apiKey: 'k',
    }).textModel('gemini-2.5-flash');
    if (model.stream === undefined) throw new Error('no stream');
    const { parts } = await model.stream({ prompt: 'Capital of France?' }, {});
    return readTextStream(parts);
  };

  beforeAll(async () => {
    upstream = await createFakeUpstream({});
  });
  beforeEach(() => upstream.reset());
  afterAll(() => upstream.close());

  it('should fail with invalid_response, not end, when the stream closes before a finishReason', async () => {
    upstream.routes[STREAM] = {
      response: cutFixture('streamGenerateContent.sse.cut.txt'),
    };
    const { text, ends, error } = await stream();
    expect(text).toBe('The capital of France');
    expect(ends).toEqual([]);
    expect(error).toMatchObject({
      code: 'invalid_response',
      provider: 'gemini',
      message: expect.stringContaining('finishReason'),
    });
  });

  it('should fail with the error object’s code when one comes mid-stream', async () => {
    upstream.routes[STREAM] = {
      response: cutFixture('streamGenerateContent.sse.error.txt'),
    };
    const { text, ends, error } = await stream();
    expect(text).toBe('The');
    expect(ends).toEqual([]);
    expect(error).toMatchObject({
      code: 'overloaded',
      message: expect.stringContaining('overloaded'),
    });
  });

  it('should still end a whole recorded stream', async () => {
    upstream.routes[STREAM] = {
      response: fixtureResponse('gemini/streamGenerateContent.sse.txt'),
    };
    const { ends, error } = await stream();
    expect(error).toBeUndefined();
    expect(ends).toEqual([
      expect.objectContaining({ type: 'text-end', finishReason: 'stop' }),
    ]);
  });
});
