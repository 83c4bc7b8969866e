import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetrics } from '../__tests__/prometheus-text';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { compatClient, readEvents } from './__tests__/compat-harness';

const METRICS_TOKEN = 'scrape-token-stream-end-0123';

/**
 * The `/v1` routes close a streamed answer on its last event; the call
 * behind it must be over by then (counted, out of flight, its registration
 * with the gateway's shutdown gone), not left open for good.
 */
describe(
  'a /v1 stream ends its call with its answer',
  { timeout: 30_000 },
  () => {
    let harness: TestServer;
    const api = compatClient(() => harness);
    const messages = [{ role: 'user', content: 'hello there' }];

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`
auth: { required: false }
metrics: { token: "${METRICS_TOKEN}" }
providers:
  local: {}
  limited: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 7000 } }
routes:
  text: { targets: ["local:echo"] }
  limited:
    type: text
    targets: ["limited:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
`),
      });
    });
    afterAll(() => harness.close());

    async function scrape() {
      const response = await fetch(`${harness.server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      return parseMetrics(await response.text());
    }

    it('should count each stream once it is answered, and leave none in flight', async () => {
      const streams = 3;
      for (let index = 0; index < streams; index += 1) {
        const chat = await api.post('/v1/chat/completions', {
          model: 'route:text',
          messages,
          stream: true,
        });
        expect(chat.status).toBe(200);
        expect((await readEvents(chat)).at(-1)).toEqual({ data: '[DONE]' });
      }
      const anthropic = await api.post('/v1/messages', {
        model: 'route:text',
        max_tokens: 64,
        messages,
        stream: true,
      });
      expect(anthropic.status).toBe(200);
      expect((await readEvents(anthropic)).at(-1)?.event).toBe('message_stop');
      // Fails before any text: answered with the error, not a stream.
      const refused = await api.post('/v1/chat/completions', {
        model: 'route:limited',
        messages,
        stream: true,
      });
      expect(refused.status).toBe(429);
      await refused.text();

      const metrics = await scrape();
      expect(
        metrics.value('switchyard_in_flight_calls', { type: 'text' }),
      ).toBe(0);
      const calls = (route: string, outcome: string) =>
        metrics.value('switchyard_calls_total', {
          route,
          type: 'text',
          provider: 'local',
          model: 'echo',
          outcome,
        });
      expect(calls('text', 'success')).toBe(streams + 1);
      expect(
        metrics.value('switchyard_calls_total', {
          route: 'limited',
          type: 'text',
          // No provider served it.
          provider: '',
          model: '',
          outcome: 'error',
        }),
      ).toBe(1);
    });
  },
);
