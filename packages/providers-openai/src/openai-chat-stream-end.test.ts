import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  readTextStream,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './index';

const CHAT = 'POST /v1/chat/completions';
/** A transcript of this package's `__fixtures__` (recorded ones, cut). */
const cutFixture = (name: string) =>
  fixtureResponse(
    fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url)),
  );

describe('OpenAI chat streams that do not finish', () => {
  let upstream: FakeUpstream;
  const stream = async () => {
    const model = createOpenAI({
      apiKey: 'sk-test',
      baseURL: `${upstream.url}/v1`,
    }).textModel('gpt-4o-mini');
    if (model.stream === undefined) throw new Error('no stream');
    const { parts } = await model.stream({ prompt: 'capital of the UK?' }, {});
    return readTextStream(parts);
  };

  beforeAll(async () => {
    upstream = await createFakeUpstream({});
  });
  beforeEach(() => upstream.reset());
  afterAll(() => upstream.close());

  it.each([
    ['after a few deltas', 'chat-completions.stream.cut.txt'],
    [
      'after the finish_reason, before the usage and [DONE]',
      'chat-completions.stream.cut-before-usage.txt',
    ],
  ])(
    'should fail with invalid_response, not end, when the stream closes %s',
    async (_when, fixture) => {
      upstream.routes[CHAT] = { response: cutFixture(fixture) };
      const { text, ends, error } = await stream();
      expect(text.length).toBeGreaterThan(0);
      expect(ends).toEqual([]);
      expect(error).toMatchObject({
        code: 'invalid_response',
        provider: 'openai',
        message: expect.stringContaining('[DONE]'),
      });
    },
  );

  it('should fail with the error chunk’s code when the upstream sends an error mid-stream', async () => {
    upstream.routes[CHAT] = {
      response: cutFixture('chat-completions.stream.error.txt'),
    };
    const { text, ends, error } = await stream();
    expect(text.length).toBeGreaterThan(0);
    expect(ends).toEqual([]);
    expect(error).toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('The server had an error'),
    });
  });

  it('should still end a whole recorded stream with its usage', async () => {
    upstream.routes[CHAT] = {
      response: fixtureResponse('openai/chat-completions.stream.txt'),
    };
    const { ends, error } = await stream();
    expect(error).toBeUndefined();
    expect(ends).toEqual([
      expect.objectContaining({ type: 'text-end', finishReason: 'stop' }),
    ]);
  });
});
