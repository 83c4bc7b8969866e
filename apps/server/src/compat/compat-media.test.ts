import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { compatClient, switchyardHeadersOf } from './__tests__/compat-harness';

const PNG_SIGNATURE = '89504e470d0a1a0a';

interface ImagesBody {
  created: number;
  data: Array<{ b64_json?: string; url?: string }>;
}

describe(
  'the OpenAI-compatible image, speech and model routes',
  { timeout: 30_000 },
  () => {
    let harness: TestServer;
    const api = compatClient(() => harness);

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`
auth: { required: true }
http: { maxBodyBytes: 200000 }
providers:
  local: {}
  backup: { use: local }
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
  speech: { targets: ["local:speech"] }
  backup-text: { type: text, targets: ["backup:echo"] }
`),
      });
    });
    afterAll(() => harness.close());

    /** A PNG from the images route itself. */
    const generatePng = async (key: string, size = '32x32') => {
      const response = await api.post(
        '/v1/images/generations',
        { prompt: 'a lighthouse', size, response_format: 'b64_json', seed: 3 },
        { key },
      );
      expect(response.status).toBe(200);
      return Buffer.from(
        ((await response.json()) as ImagesBody).data[0]?.b64_json ?? '',
        'base64',
      );
    };

    describe('POST /v1/images/generations', () => {
      it('should answer b64_json PNGs of the asked size and number', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/images/generations',
          {
            prompt: 'a fox',
            n: 2,
            size: '48x32',
            response_format: 'b64_json',
            quality: 'hd',
          },
          { key },
        );
        expect(response.status).toBe(200);
        expect(switchyardHeadersOf(response)).toMatchObject({
          provider: 'local',
          fallback: 'false',
          attempts: '1',
        });
        const body = (await response.json()) as ImagesBody;
        expect(body.data).toHaveLength(2);
        const png = Buffer.from(body.data[0]?.b64_json ?? '', 'base64');
        expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
        // IHDR: width then height, big-endian, at bytes 16 and 20.
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([48, 32]);
      });

      it('should answer an inline image as a data: URL by default (response_format url)', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/images/generations',
          { prompt: 'a fox', size: '16x16', model: 'local:procedural' },
          { key },
        );
        const body = (await response.json()) as ImagesBody;
        expect(body.data[0]?.url).toMatch(
          /^data:image\/png;base64,iVBORw0KGgo/,
        );
      });

      it('should answer 400 for a size that is not WxH', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/images/generations',
          { prompt: 'a fox', size: 'big' },
          { key },
        );
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: { param: 'size', type: 'invalid_request_error' },
        });
      });
    });

    describe('POST /v1/images/edits', () => {
      it('should edit the uploaded image (multipart image, prompt and mask)', async () => {
        const { key, id } = await api.newKey();
        const source = await generatePng(key);
        const mask = await generatePng(key);
        const form = new FormData();
        form.append('image', new Blob([source]), 'source.png');
        form.append('mask', new Blob([mask]), 'mask.png');
        form.append('prompt', 'make it stormy');
        form.append('response_format', 'b64_json');
        const response = await fetch(`${harness.server.url}/v1/images/edits`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}` },
          body: form,
        });
        expect(response.status).toBe(200);
        const edited = Buffer.from(
          ((await response.json()) as ImagesBody).data[0]?.b64_json ?? '',
          'base64',
        );
        expect(edited.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
        expect(edited.equals(source)).toBe(false);
        // Made from the upload: its size, where a plain call draws the default.
        expect([edited.readUInt32BE(16), edited.readUInt32BE(20)]).toEqual([
          32, 32,
        ]);
        const [last] = await harness.store.generations.list({
          keyId: id,
          limit: 1,
        });
        expect(last).toMatchObject({ route: 'image', status: 'succeeded' });
      });

      it('should answer 400 for an edit without an image, or with a file that is no image', async () => {
        const { key } = await api.newKey();
        const post = (form: FormData) =>
          fetch(`${harness.server.url}/v1/images/edits`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}` },
            body: form,
          });
        const noImage = new FormData();
        noImage.append('prompt', 'make it stormy');
        const missing = await post(noImage);
        expect(missing.status).toBe(400);
        expect(await missing.json()).toMatchObject({
          error: { param: 'image' },
        });
        const notImage = new FormData();
        notImage.append('prompt', 'make it stormy');
        notImage.append('image', new Blob(['hello']), 'notes.txt');
        const wrong = await post(notImage);
        expect(wrong.status).toBe(400);
        expect(await wrong.json()).toMatchObject({ error: { param: 'image' } });
      });
    });

    describe('POST /v1/audio/speech', () => {
      it('should answer the audio bytes with their content type', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/audio/speech',
          {
            model: 'route:speech',
            input: 'Hello there.',
            voice: 'en-us',
            response_format: 'wav',
          },
          { key },
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('audio/wav');
        expect(switchyardHeadersOf(response)).toMatchObject({
          provider: 'local',
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
        expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
      });

      it('should refuse a voice no target speaks, in OpenAI’s format', async () => {
        const { key } = await api.newKey();
        const response = await api.post(
          '/v1/audio/speech',
          { model: 'route:speech', input: 'Hello.', voice: 'no-such-voice' },
          { key },
        );
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(await response.json()).toMatchObject({
          error: { type: expect.any(String), code: expect.any(String) },
        });
      });
    });

    describe('GET /v1/models', () => {
      it('should list the routes and targets the key may use, in OpenAI’s shape', async () => {
        const { key } = await api.newKey();
        const response = await api.get('/v1/models', { key });
        expect(response.status).toBe(200);
        const body = (await response.json()) as {
          object: string;
          data: Array<{ id: string; object: string; owned_by: string }>;
        };
        expect(body.object).toBe('list');
        expect(body.data.map((model) => model.id)).toEqual([
          'route:text',
          'route:image',
          'route:speech',
          'route:backup-text',
          'local:echo',
          'local:procedural',
          'local:speech',
          'backup:echo',
        ]);
        expect(body.data[4]).toEqual({
          id: 'local:echo',
          object: 'model',
          created: 0,
          owned_by: 'local',
        });
        const limited = await api.newKey({
          limits: { routes: ['backup-text'] },
        });
        const only = (await (
          await api.get('/v1/models', { key: limited.key })
        ).json()) as {
          data: Array<{ id: string }>;
        };
        expect(only.data.map((model) => model.id)).toEqual([
          'route:backup-text',
          'backup:echo',
        ]);
      });

      it('should retrieve one model, and answer 404 for another', async () => {
        const { key } = await api.newKey();
        const found = await api.get(
          `/v1/models/${encodeURIComponent('local:echo')}`,
          { key },
        );
        expect(await found.json()).toMatchObject({
          id: 'local:echo',
          object: 'model',
        });
        const missing = await api.get('/v1/models/gpt-9', { key });
        expect(missing.status).toBe(404);
        expect(await missing.json()).toMatchObject({
          error: { code: 'model_not_found' },
        });
      });

      it('should list text models in Anthropic’s shape for the Anthropic SDK', async () => {
        const { key } = await api.newKey();
        const response = await api.get('/v1/models', {
          headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        });
        expect(await response.json()).toEqual({
          data: [
            'route:text',
            'route:backup-text',
            'local:echo',
            'backup:echo',
          ].map((id) => ({
            type: 'model',
            id,
            display_name: id,
            created_at: '1970-01-01T00:00:00.000Z',
          })),
          has_more: false,
          first_id: 'route:text',
          last_id: 'backup:echo',
        });
      });

      it('should answer 401 without a key', async () => {
        expect((await api.get('/v1/models')).status).toBe(401);
      });
    });

    it('should answer a body over the size limit with 413 in the API’s format', async () => {
      const { key } = await api.newKey();
      const response = await api.post(
        '/v1/chat/completions',
        {
          model: 'route:text',
          messages: [{ role: 'user', content: 'x'.repeat(300_000) }],
        },
        { key },
      );
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: {
          type: 'invalid_request_error',
          message: expect.stringContaining('too large'),
        },
      });
    });

    it('should answer an unknown /v1 path with 404 in OpenAI’s format', async () => {
      const { key } = await api.newKey();
      const response = await api.post(
        '/v1/embeddings',
        { input: 'x' },
        { key },
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        error: {
          code: 'not_found',
          message: expect.stringContaining('/v1/embeddings'),
        },
      });
    });
  },
);
