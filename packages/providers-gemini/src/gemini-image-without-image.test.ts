import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGemini } from './index';

const IMAGE = 'POST /models/gemini-2.5-flash-image:generateContent';

describe('a Gemini image model that makes no image', () => {
  let upstream: FakeUpstream;
  const generate = () =>
    createGemini({ baseURL: upstream.url, apiKey: 'k' })
      .imageModel('gemini-2.5-flash-image')
      .generate({ prompt: 'a pelican on a bicycle' }, {});

  beforeAll(async () => {
    upstream = await createFakeUpstream({});
  });
  afterAll(() => upstream.close());

  it('should fail with invalid_response, quoting the text it answered instead', async () => {
    upstream.routes[IMAGE] = {
      response: fixtureResponse(
        fileURLToPath(
          new URL(
            './__fixtures__/generateContent.image-output.text-only.json',
            import.meta.url,
          ),
        ),
      ),
    };
    await expect(generate()).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringMatching(/text only, no image: "I will generate/),
    });
  });

  it('should fail with content_policy when the candidate was stopped for safety', async () => {
    upstream.routes[IMAGE] = {
      response: {
        type: 'json',
        body: { candidates: [{ finishReason: 'IMAGE_SAFETY' }] },
      },
    };
    await expect(generate()).rejects.toMatchObject({
      code: 'content_policy',
    });
  });
});
