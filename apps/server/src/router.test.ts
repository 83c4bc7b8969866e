import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('appRouter over HTTP with the embedded defaults', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer();
  });

  afterAll(() => harness.close());

  describe('generate', () => {
    it('should return a real PNG for an image request', async () => {
      const result = await harness.client.generate.mutate({
        type: 'image',
        prompt: 'a red fox',
        width: 64,
        height: 64,
        seed: 7,
      });
      if (result.type !== 'image') throw new Error('expected an image');
      expect(result).toMatchObject({
        provider: 'local',
        model: 'procedural',
        fallbackUsed: false,
        cached: false,
        attempts: [
          { provider: 'local', model: 'procedural', outcome: 'success' },
        ],
        cost: { microCredits: expect.any(Number) },
      });
      expect(result.id).toMatch(/^gen_[\w-]+$/);
      const image = result.images[0];
      expect(image?.mimeType).toBe('image/png');
      const bytes = Buffer.from(image?.base64 ?? '', 'base64');
      expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      // The IHDR chunk follows the signature: length, "IHDR", width, height.
      expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(bytes.readUInt32BE(16)).toBe(64);
      expect(bytes.readUInt32BE(20)).toBe(64);
    });

    it('should answer a text request', async () => {
      const result = await harness.client.generate.mutate({
        type: 'text',
        prompt: 'hello there',
      });
      if (result.type !== 'text') throw new Error('expected text');
      expect(result).toMatchObject({
        provider: 'local',
        model: 'echo',
        fallbackUsed: false,
        finishReason: expect.any(String),
        usage: expect.any(Object),
      });
      expect(result.text).toContain('hello there');
    });

    it('should answer bad input with BAD_REQUEST naming each failing field', async () => {
      const error = await clientError(
        harness.client.generate.mutate({
          type: 'image',
          prompt: '',
          n: 1000,
        }),
      );
      expect(error.data).toMatchObject({
        code: 'invalid_request',
        trpcCode: 'BAD_REQUEST',
        httpStatus: 400,
      });
      expect(error.data?.issues?.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(['prompt', 'n']),
      );
      expect(error.message).toContain('prompt');
    });

    it('should answer an unknown type with BAD_REQUEST', async () => {
      const error = await clientError(
        harness.client.generate.mutate({
          type: 'hologram',
          prompt: 'x',
        } as never),
      );
      expect(error.data?.code).toBe('invalid_request');
      expect(error.data?.issues?.[0]?.path).toBe('type');
    });

    it('should answer a forced unknown provider with NOT_FOUND listing the instances', async () => {
      const error = await clientError(
        harness.client.generate.mutate({
          type: 'image',
          prompt: 'x',
          provider: 'nope',
        }),
      );
      expect(error.data).toMatchObject({
        code: 'not_found',
        trpcCode: 'NOT_FOUND',
        httpStatus: 404,
      });
      expect(error.message).toBe(
        'Unknown provider instance "nope"; configured instances: local.',
      );
    });

    it('should answer an unknown route with NOT_FOUND listing the routes', async () => {
      const error = await clientError(
        harness.client.generate.mutate({
          type: 'image',
          prompt: 'x',
          route: 'fancy',
        }),
      );
      expect(error.data?.code).toBe('not_found');
      expect(error.message).toContain('configured routes: image, text');
    });

    it('should refuse a route of the other kind', async () => {
      const error = await clientError(
        harness.client.generate.mutate({
          type: 'image',
          prompt: 'x',
          route: 'text',
        }),
      );
      expect(error.data?.code).toBe('invalid_request');
      expect(error.message).toBe(
        'Route "text" serves text requests, not image.',
      );
    });
  });

  describe('providers.list', () => {
    it('should list every instance with its models, capabilities and cost', async () => {
      const listing = await harness.client.providers.list.query();
      expect(listing).toEqual([
        {
          name: 'local',
          use: 'local',
          provider: 'local',
          description: expect.any(String),
          features: expect.arrayContaining(['image', 'text']),
          isAsync: false,
          configured: true,
          models: expect.arrayContaining([
            expect.objectContaining({
              id: 'procedural',
              kind: 'image',
              capabilities: expect.objectContaining({
                maxImagesPerCall: expect.any(Number),
              }),
            }),
            expect.objectContaining({
              id: 'echo',
              kind: 'text',
              capabilities: expect.objectContaining({
                streaming: expect.any(Boolean),
              }),
            }),
          ]),
        },
      ]);
    });
  });

  describe('providers.health', () => {
    it('should report the system and every route target with its state, breaker and recent calls', async () => {
      await harness.client.generate.mutate({ type: 'text', prompt: 'ping' });
      const {
        status,
        checkedAt,
        targets: health,
      } = await harness.client.providers.health.query();
      expect(status).toBe('healthy');
      expect(checkedAt).toEqual(expect.any(Number));
      expect(health).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            target: 'local:procedural',
            instance: 'local',
            model: 'procedural',
            routes: ['image'],
            state: 'healthy',
            breaker: 'closed',
          }),
          expect.objectContaining({
            target: 'local:echo',
            routes: ['text'],
            state: 'healthy',
            breaker: 'closed',
            recentCalls: expect.any(Number),
            successRate: 1,
            latencyP50Ms: expect.any(Number),
            latencyP95Ms: expect.any(Number),
          }),
        ]),
      );
      expect(health.map((report) => report.target)).toEqual([
        'local:procedural',
        'local:echo',
        'local:speech',
        'local:music',
        'local:video',
        'local:style',
      ]);
    });
  });

  describe('/healthz and /readyz', () => {
    it('should answer 200 while running', async () => {
      const healthz = await fetch(`${harness.server.url}/healthz`);
      expect(await healthz.json()).toEqual({ status: 'ok' });
      const readyz = await fetch(`${harness.server.url}/readyz`);
      expect(readyz.status).toBe(200);
    });
  });
});

describe('a forced provider outside the route', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  local: {}
  spare: { use: local }
  outside: { use: ./outside-provider }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
`),
    });
  });

  afterAll(() => harness.close());

  // The first draw starts the local worker pool: slow on a busy CI machine.
  it(
    "should use the instance's first model of the kind",
    { timeout: 20_000 },
    async () => {
      const result = await harness.client.generate.mutate({
        type: 'image',
        prompt: 'x',
        provider: 'spare',
        width: 64,
        height: 64,
      });
      expect(result).toMatchObject({ provider: 'spare', model: 'procedural' });
    },
  );

  it("should use the request's model when it names one", async () => {
    const result = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'hey',
      provider: 'outside',
      model: 'shout',
    });
    expect(result).toMatchObject({
      provider: 'outside',
      model: 'shout',
      text: 'HEY',
      cost: { microCredits: 7 },
    });
  });

  it('should serve a provider package from outside packages/ by file path', async () => {
    const result = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'loud',
      provider: 'outside',
    });
    expect(result).toMatchObject({ provider: 'outside', text: 'LOUD' });
  });
});
