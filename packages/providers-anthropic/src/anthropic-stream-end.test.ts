import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  readTextStream,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './index';

const MESSAGES = 'POST /v1/messages';
/** A transcript of this package's `__fixtures__` (recorded ones, cut). */
const cutFixture = (name: string) =>
  fixtureResponse(
    fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url)),
  );

describe('Anthropic streams that do not finish', () => {
  let upstream: FakeUpstream;
  const stream = async () => {
    const model = createAnthropic({
      baseURL: `${upstream.url}/v1`,
      apiKey: 'k',
    }).textModel('claude-haiku-4-5');
    if (model.stream === undefined) throw new Error('no stream');
    const { parts } = await model.stream({ prompt: 'Name pirates' }, {});
    return readTextStream(parts);
  };

  beforeAll(async () => {
    upstream = await createFakeUpstream({});
  });
  beforeEach(() => upstream.reset());
  afterAll(() => upstream.close());

  it.each([
    ['after a few deltas', 'messages.stream.cut.txt'],
    ['after message_delta', 'messages.stream.cut-before-stop.txt'],
  ])(
    'should fail with invalid_response, not end, when the stream closes %s without message_stop',
    async (_when, fixture) => {
      upstream.routes[MESSAGES] = { response: cutFixture(fixture) };
      const { text, ends, error } = await stream();
      expect(text.length).toBeGreaterThan(0);
      expect(ends).toEqual([]);
      expect(error).toMatchObject({
        code: 'invalid_response',
        provider: 'anthropic',
        message: expect.stringContaining('message_stop'),
      });
    },
  );

  it('should fail with the error event’s code after text', async () => {
    upstream.routes[MESSAGES] = {
      response: cutFixture('messages.stream.error-after-text.txt'),
    };
    const { text, ends, error } = await stream();
    expect(text.length).toBeGreaterThan(0);
    expect(ends).toEqual([]);
    expect(error).toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('Internal server error'),
    });
  });

  it('should still end a whole recorded stream', async () => {
    upstream.routes[MESSAGES] = {
      response: fixtureResponse('anthropic/messages.stream.txt'),
    };
    const { ends, error } = await stream();
    expect(error).toBeUndefined();
    expect(ends).toEqual([
      expect.objectContaining({ type: 'text-end', finishReason: 'stop' }),
    ]);
  });
});
